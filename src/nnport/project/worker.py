"""Convert one file of a project (runs in a worker process): returns a plain, picklable dict.

result = {"rel", "kind", "status": "converted" | "unchanged" | "copied" | "error",
          "text": the new file (converted only), "diagnostics": [dict], "lines": int, "sites": [...]}
"unchanged" and "copied" files are written as the input's bytes by the caller.
"""
from __future__ import annotations

import sys
import time

from nnport.project import notebook
from nnport.project.files import COPY, NOTEBOOK, Item


def convert_source(source: str, path: str, to: str, src: str | None, known: tuple[str, ...] = ()):
    """nnport.convert with its failures as messages: (Conversion, None) or (None, error dict).
    `known`: module classes the file imports from its project (modules.py)."""
    import nnport
    from nnport.errors import NnportError, SourceSyntaxError, UntranslatableSource
    more = {"known_modules": known} if known else {}
    try:
        return nnport.convert(source, to=to, source=src, filename=path, **more), None
    except SourceSyntaxError as e:
        return None, {"message": f"syntax error: {e.message}", "line": e.line, "col": e.col}
    except UntranslatableSource as e:
        return None, {"message": e.message, "line": e.line, "col": e.col}
    except NnportError as e:
        return None, {"message": str(e), "line": None, "col": None}
    except RecursionError:
        return None, {"message": "internal error: nesting too deep", "line": None, "col": None}
    except Exception as e:  # a translator bug: report it, keep going with the other files
        import traceback
        traceback.print_exc(file=sys.stderr)
        return None, {"message": f"internal error: {type(e).__name__}: {e}", "line": None, "col": None}


def diagnostic_dict(diag, path: str) -> dict:
    d = dict(diag.to_dict()) if hasattr(diag, "to_dict") else \
        {k: getattr(diag, k, None) for k in ("severity", "line", "col", "message", "api")}
    d["filename"] = path
    return d


def error_dict(path: str, message: str, line=None, col=None) -> dict:
    return {"severity": "error", "line": line, "col": col, "message": message, "api": "", "filename": path}


def _result(item: Item, status: str, **more) -> dict:
    return {"rel": item.rel, "path": item.path, "kind": item.kind, "status": status, "text": None,
            "diagnostics": [], "lines": 0, "sites": [], **more}


def _read(item: Item) -> tuple[bytes | None, dict | None]:
    try:
        with open(item.path, "rb") as f:
            return f.read(), None
    except OSError as e:
        return None, _result(item, "error", diagnostics=[error_dict(item.path, f"cannot read: {e.strerror or e}")])


def process(item: Item, to: str, src: str | None, known: tuple[str, ...] = ()) -> dict:
    t0 = time.perf_counter()
    out = _process(item, to, src, known)
    out["seconds"] = time.perf_counter() - t0
    return out


def _process(item: Item, to: str, src: str | None, known: tuple[str, ...]) -> dict:
    if item.kind == COPY:
        return _result(item, "copied")
    data, failed = _read(item)
    if failed:
        return failed
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        from nnport.io import undecodable
        line, col, message = undecodable(e)
        return _result(item, "error", diagnostics=[error_dict(item.path, message, line, col)])
    if item.kind == NOTEBOOK:
        return _notebook(item, text, to, src)
    conv, err = convert_source(text, item.path, to, src, known)
    if err:
        return _result(item, "error", lines=text.count("\n"),
                       diagnostics=[error_dict(item.path, err["message"], err["line"], err["col"])])
    diags = [diagnostic_dict(d, item.path) for d in sorted(conv.diagnostics, key=lambda d: (d.line or 0, d.col or 0))]
    same = conv.code == text
    return _result(item, "unchanged" if same else "converted", text=None if same else conv.code,
                   diagnostics=diags, lines=text.count("\n"), sites=_sites(text, getattr(conv, "source", None) or src))


def _sites(text: str, framework: str | None) -> list:
    """The source-framework API call sites of the file (scan.py), for the report."""
    if not framework:
        return []
    from nnport.project.scan import file_sites
    return [dict(zip(("api", "line", "col", "supported"), s)) for s in file_sites(text, framework)]


def _notebook(item: Item, text: str, to: str, src: str | None) -> dict:
    try:
        nb = notebook.load(text)
    except ValueError as e:
        return _result(item, "error", diagnostics=[error_dict(item.path, f"cannot read notebook: {e}")])
    code, where = notebook.join(nb)
    conv, err = convert_source(code, item.path, to, src)
    if err:
        cell, line = where[err["line"]] if err["line"] and err["line"] < len(where) else (None, err["line"])
        d = error_dict(item.path, err["message"], line, err["col"])
        d["cell"] = cell
        return _result(item, "error", diagnostics=[d])
    diags = []
    for d in sorted(conv.diagnostics, key=lambda d: (d.line or 0, d.col or 0)):
        d = diagnostic_dict(d, item.path)
        d["cell"], d["line"] = where[d["line"]] if d["line"] and d["line"] < len(where) else (None, d["line"])
        diags.append(d)
    if conv.code == code:
        return _result(item, "unchanged", diagnostics=diags, lines=code.count("\n"))
    cells = notebook.split(conv.code, nb)
    if cells is None:
        return _result(item, "error", diagnostics=diags + [error_dict(
            item.path, "the translation lost the cell boundaries; notebook not written")])
    sites = _sites(code, getattr(conv, "source", None) or src)
    for s in sites:
        s["cell"], s["line"] = where[s["line"]]
    return _result(item, "converted", text=notebook.rebuild(nb, cells), diagnostics=diags,
                   lines=code.count("\n"), sites=sites)
