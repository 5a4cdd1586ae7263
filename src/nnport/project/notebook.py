"""Jupyter notebooks: the code cells as one Python module, and the converted module back into cells.

The code cells are joined into one module, each preceded by a marker comment, so that the imports
of the first cells resolve the names of the later ones. IPython lines that are not Python
(`%magic`, `!shell`, `?help`) are kept as marked comments and restored. After conversion the module
is split at the markers; outputs and execution counts are cleared, other cells are kept as they are.
"""
from __future__ import annotations

import json
import re

MARK = "# nnport-cell "
MAGIC = "# nnport-magic: "
_MAGIC_LINE = re.compile(r"^(\s*)([%!?].*)$")
_MARK_LINE = re.compile(rf"^{re.escape(MARK)}(\d+)\n?$", re.M)


def load(text: str) -> dict:
    nb = json.loads(text)
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ValueError("not a Jupyter notebook (no cell list)")
    return nb


def cell_text(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def code_cells(nb: dict) -> list[int]:
    return [i for i, c in enumerate(nb["cells"]) if c.get("cell_type") == "code"]


def _hide_magics(text: str) -> str:
    return "".join(MAGIC + line if _MAGIC_LINE.match(line) else line
                   for line in text.splitlines(keepends=True))


def _restore_magics(text: str) -> str:
    return "".join(line.split(MAGIC, 1)[1] if line.lstrip().startswith(MAGIC) else line
                   for line in text.splitlines(keepends=True))


def join(nb: dict) -> tuple[str, list[tuple[int, int]]]:
    """The code cells as one module, and for each module line (1-based, index 0 unused) the
    (cell index, line in the cell) it came from; a marker line maps to (cell, 0)."""
    parts, where = [], [(-1, 0)]
    for i in code_cells(nb):
        text = _hide_magics(cell_text(nb["cells"][i]))
        if text and not text.endswith("\n"):
            text += "\n"
        parts.append(f"{MARK}{i}\n{text}")
        where.append((i, 0))
        where.extend((i, n) for n in range(1, text.count("\n") + 1))
    return "".join(parts), where


def split(code: str, nb: dict) -> dict[int, str] | None:
    """The converted module cut back into cells (cell index -> text); None when the markers did not
    all survive in order (the caller reports the notebook as not converted)."""
    marks = list(_MARK_LINE.finditer(code))
    cells = code_cells(nb)
    if [int(m.group(1)) for m in marks] != cells:
        return None
    out = {}
    head = code[:marks[0].start()] if marks else ""   # imports the translation put above the first cell
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(code)
        body = (head if k == 0 else "") + code[m.end():end]
        out[int(m.group(1))] = _restore_magics(_trim(body))
    return out


def _trim(text: str) -> str:
    """Without the blank lines the translation put at the cell's start and end (the marker comment
    sits where a module would have blank lines between definitions)."""
    lines = text.splitlines(keepends=True)
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "".join(lines)


def _lines(text: str) -> list[str]:
    text = text[:-1] if text.endswith("\n") else text   # notebooks store no final newline
    return text.splitlines(keepends=True)


def rebuild(nb: dict, cells: dict[int, str]) -> str:
    """The notebook with the new code cells, outputs and execution counts cleared (nbformat JSON)."""
    for i, text in cells.items():
        cell = nb["cells"][i]
        cell["source"] = _lines(text)
        cell["outputs"] = []
        cell["execution_count"] = None
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
