"""The hub route: a source whose reading is complete into one framework only (its hub, `HUB` in the
source skeleton: data, no pair named here) reaches every other target through it, X -> hub -> Y.

The hub's text is the pivot form in between: it is never written out. Both hops' diagnostics are
kept, with positions in the user's file (the second hop's lines mapped back through a line diff
of the source and the intermediate text); the second hop's messages end with "(through <hub>)".
A source may also have a route of its own for files the engine cannot read (`WHOLE_FILE`: Keras'
functional/Sequential builders, run and walked): it writes the hub's code, so it is taken for the
hub as target and, through the hub, for every other target.
"""
from __future__ import annotations

import dataclasses
import difflib


def hub(src) -> str | None:
    """The framework a source reads completely into (None: it reads into every target directly)."""
    return getattr(src.skeleton, "HUB", None)


def route(src, to: str) -> str:
    """"direct" or "hub" for a source framework and a target."""
    h = hub(src)
    return "hub" if h is not None and to not in (h, src.name) else "direct"


def whole_file(src, code: str, filename: str):
    """The source's own conversion of a whole file into its hub (None: not such a file)."""
    own = getattr(src.skeleton, "whole_file", None)
    return None if own is None else own(code, filename)


def line_map(before: str, after: str) -> list[int]:
    """For each line of `after` (1-based index), the line of `before` it comes from (a new line:
    the source line before it), so diagnostics on a rewritten text point into the user's file."""
    a, b = before.splitlines(), after.splitlines()
    out = [1] * (len(b) + 2)
    last = 1
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        for k in range(j2 - j1):
            last = i1 + k + 1 if tag in ("equal", "replace") and i1 + k < i2 else last
            out[j1 + k + 1] = last
    return out


def through(convert, code: str, src_name: str, hub_name: str, to: str, filename: str):
    """`convert` (the engine's direct conversion) twice: the source into its hub, the hub's text
    into the target. One Conversion from the source to the target."""
    first = convert(code, to=hub_name, source=src_name, filename=filename)
    second = convert(first.code, to=to, source=hub_name, filename=filename)
    lines = line_map(code, first.code)
    seen = {(d.line, d.message) for d in first.diagnostics}
    moved = []
    for d in second.diagnostics:
        line = lines[d.line] if 0 < d.line < len(lines) else d.line
        if (line, d.message) not in seen:
            moved.append(dataclasses.replace(d, line=line, message=f"{d.message} (through {hub_name})"))
    diags = sorted(first.diagnostics + moved, key=lambda d: (d.line, d.col))
    return dataclasses.replace(second, diagnostics=diags, source=src_name, target=to)
