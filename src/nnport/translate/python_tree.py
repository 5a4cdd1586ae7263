"""One CPython tree per translated text, shared by the passes that read it.

The engine's syntax check, the PyTorch source's prepare step, the facts the engine reads from
CPython's tree (import aliases, diagnostic positions) and input_notes each parsed the same text with
`ast.parse`; one parse now serves them all. The trees are only read, never changed. The last text is
recognised by identity (`is`: the same str object handed from pass to pass), so a different text,
even an equal one, is parsed afresh; `forget()` drops the tree when a translation ends.
"""
from __future__ import annotations

import ast

_last: tuple[str, ast.Module] | None = None


def parse(code: str, filename: str = "<unknown>") -> ast.Module:
    """`ast.parse(code, filename)`, reusing the tree of the previous call on the same str object.
    Errors are raised as ast.parse raises them, and nothing is kept for them."""
    global _last
    if _last is not None and _last[0] is code:
        return _last[1]
    tree = ast.parse(code, filename)
    _last = (code, tree)
    return tree


def forget() -> None:
    """Drop the kept tree (the engine calls this after each translation)."""
    global _last
    _last = None
