"""Helper classes and functions copied verbatim into translated Flax code when a layer needs them.

Each file here is real, importable, tested code; the translator copies the named definitions into
the output file (translated code never imports nnport)."""
from __future__ import annotations


import functools
import re
from pathlib import Path

import libcst as cst

_HERE = Path(__file__).parent


@functools.lru_cache(maxsize=None)
def _definitions(module: str) -> dict[str, str]:
    tree = cst.parse_module((_HERE / f"{module}.py").read_text())
    out = {}
    for stmt in tree.body:
        if isinstance(stmt, (cst.ClassDef, cst.FunctionDef)):
            out[stmt.name.value] = tree.code_for_node(stmt.with_changes(leading_lines=[]))
    return out


def helper(ctx, module: str, name: str, *deps: str) -> str:
    """Ask for definition `name` of support/<module>.py (and `deps` first) in the output; returns name."""
    defs = _definitions(module)
    for d in deps:
        ctx.need_helper(d, defs[d])
    ctx.need_helper(name, defs[name])
    return name


def helper_class(ctx, name: str) -> str | None:
    """Ask for helper class `name` (from whichever support module defines it, with the helper
    classes it derives from); None when no support module defines it."""
    for path in sorted(_HERE.glob("*.py")):
        if not re.search(rf"^class {re.escape(name)}\b", path.read_text(), re.M):
            continue
        defs = _definitions(path.stem)
        if name in defs:
            stmt = cst.parse_statement(defs[name])
            for base in getattr(stmt, "bases", ()):
                if isinstance(base.value, cst.Name) and base.value.value in defs:
                    helper_class(ctx, base.value.value)
            return helper(ctx, path.stem, name)
    return None
