"""The Flax writer's own support definitions in a Flax file, read back (Flax as a source; prepare.py
applies it): a module-level function or class whose text is, whitespace aside, a definition of
flax/support/*.py (as the writer copies them into its output) and which the reader tables read
(`flax.support.<name>`: reading/helpers.py) is dropped, its calls read as the PyTorch API it came
from (`max_pool(x, kernel_size=(2, 2), ..., channels_last=False)` -> `F.max_pool2d(x, 2, 2)`); the
support definitions only those used (`spatial_axes`, `_windows`) go too. The calls resolve through
an import the rewritten code gets (`from flax.support import max_pool`), which the engine drops with
the file's other flax imports.
"""
from __future__ import annotations

import ast
import functools
import re

import libcst as cst

PREFIX = "flax.support."


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@functools.lru_cache(maxsize=1)
def _support() -> dict[str, str]:
    """{name: normalised text} of every definition in flax/support/*.py."""
    from nnport.frameworks.flax.support import SUPPORT
    out: dict[str, str] = {}
    for path in sorted(SUPPORT.folder.glob("*.py")):
        if path.stem != "__init__":
            out.update({n: _normal(t) for n, t in SUPPORT.definitions(path.stem).items()})
    return out


def _read(name: str) -> bool:
    from nnport.frameworks.flax.reading.tables import SOURCE
    return PREFIX + name in SOURCE.functions or PREFIX + name in SOURCE.layers


def _names(node: cst.CSTNode) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(cst.Module([node]).code)) if isinstance(n, ast.Name)}


def found(module: cst.Module) -> set[str]:
    """The support definitions of `module` that go: those read back, and those only they use."""
    defs = {}
    for stmt in module.body:
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)) and stmt.name.value in _support() and \
                _normal(module.code_for_node(stmt.with_changes(leading_lines=[]))) == _support()[stmt.name.value]:
            defs[stmt.name.value] = stmt
    gone = {n for n in defs if _read(n)}
    while True:
        used = set().union(*(_names(s) - ({s.name.value} if hasattr(s, "name") else set())
                             for s in module.body if getattr(getattr(s, "name", None), "value", None) not in gone))
        more = {n for n in defs if n not in gone and n not in used}
        if not more:
            return gone
        gone |= more


def aliases(gone: set[str]) -> dict[str, str]:
    """The names the readers resolve: `max_pool` -> `flax.support.max_pool` (those read back)."""
    return {n: PREFIX + n for n in gone if _read(n)}


def rewrite(module: cst.Module, gone: set[str]) -> cst.Module:
    """`module` without the definitions that go, importing those read back from `flax.support`."""
    if not gone:
        return module
    body = [s for s in module.body if not (isinstance(s, (cst.FunctionDef, cst.ClassDef)) and s.name.value in gone)]
    read = sorted(aliases(gone))
    if read:
        at = next((i + 1 for i in reversed(range(len(body))) if m_import(body[i])), 0)
        body.insert(at, cst.parse_statement(f"from flax.support import {', '.join(read)}"))
    return module.with_changes(body=body)


def m_import(stmt) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and any(isinstance(s, (cst.Import, cst.ImportFrom))
                                                             for s in stmt.body)
