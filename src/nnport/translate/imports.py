"""Imports: drop the source framework's, add the target's for the names the output uses."""
from __future__ import annotations

import re

import libcst as cst

from nnport.translate.names import collect


def is_source_import(stmt: cst.CSTNode, roots: tuple[str, ...]) -> bool:
    def under(name: str) -> bool:
        return any(name == r or name.startswith(r + ".") for r in roots)

    if isinstance(stmt, cst.Import):
        return all(under(cst.Module([]).code_for_node(a.name)) for a in stmt.names)
    if isinstance(stmt, cst.ImportFrom) and stmt.module is not None and not stmt.relative:
        return under(cst.Module([]).code_for_node(stmt.module))
    return False


def add_imports(module: cst.Module, wanted: dict[str, str], at: int | None, carried: int = 0
                ) -> cst.Module:
    """Insert `wanted[name]` lines for every name the module uses but does not import."""
    code = module.code
    bound = set(collect(code))
    lines = [line for name, line in wanted.items()
             if name not in bound and re.search(rf"(?<![\w.]){name}\b", code)]
    if not lines:
        return module
    stmts = [cst.parse_statement(line) for line in lines]
    body = list(module.body)
    if at is None:
        at = 0
        for i, s in enumerate(body):   # after the docstring and __future__ imports
            if isinstance(s, cst.SimpleStatementLine) and (
                    (i == 0 and isinstance(s.body[0], cst.Expr) and isinstance(s.body[0].value, cst.SimpleString))
                    or isinstance(s.body[0], cst.ImportFrom) and s.body[0].module is not None
                    and cst.Module([]).code_for_node(s.body[0].module) == "__future__"):
                at = i + 1
    if carried and at < len(body):   # the removed imports' own comments go above the new imports
        lines = list(body[at].leading_lines)
        stmts[0] = stmts[0].with_changes(leading_lines=lines[:carried])
        body[at] = body[at].with_changes(leading_lines=lines[carried:])
    return module.with_changes(body=body[:at] + stmts + body[at:])
