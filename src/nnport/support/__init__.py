"""The support matrix (docs/support.md): every API of the tables x each framework, with notes.

    python -m nnport.support > docs/support.md      # or: nnport support [--format md|json] [--tables-only]

Generated from the tables (src/nnport/frameworks/*), never written by hand: matrix.py builds the rows,
hooks.py reads what each writer and reader refuses from its code, gaps.py reads the tests' known gaps
(a checkout's tests/ folder), render.py writes Markdown or JSON. Imports no DL framework.
"""
from __future__ import annotations

from nnport.support import gaps as _gaps


def generate(fmt: str = "md", tests=_gaps.TESTS) -> str:
    """The matrix as text: "md" (docs/support.md) or "json". `tests`: the folder whose known gaps
    fill in the cells (None: the tables only)."""
    from nnport.support import render
    known = _gaps.load(tests)
    if fmt == "json":
        return render.as_json(known)
    if fmt == "md":
        return render.as_markdown(known)
    raise ValueError(f"unknown format {fmt!r}; choose md or json")
