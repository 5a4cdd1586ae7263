"""Imports: drop the source framework's, add the target's for the names the output uses."""
from __future__ import annotations

import libcst as cst


def is_source_import(stmt: cst.CSTNode, roots: tuple[str, ...]) -> bool:
    def under(name: str) -> bool:
        return any(name == r or name.startswith(r + ".") for r in roots)

    if isinstance(stmt, cst.Import):
        return all(under(cst.Module([]).code_for_node(a.name)) for a in stmt.names)
    if isinstance(stmt, cst.ImportFrom) and stmt.module is not None and not stmt.relative:
        return under(cst.Module([]).code_for_node(stmt.module))
    return False


class _Names(cst.CSTVisitor):
    def __init__(self) -> None:
        self.loaded: set[str] = set()
        self.bound: set[str] = set()

    def visit_Name(self, node: cst.Name) -> None:
        self.loaded.add(node.value)

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False  # attribute names are not free names

    def visit_ImportAlias(self, node: cst.ImportAlias) -> bool:
        if node.asname is not None:
            self.bound.add(node.asname.name.value)
        else:
            self.bound.add(cst.Module([]).code_for_node(node.name).split(".")[0])
        return False


def add_imports(module: cst.Module, wanted: dict[str, str], at: int | None,
                leading_lines=()) -> cst.Module:
    """Insert `wanted[name]` lines for every name the module uses but does not import."""
    names = _Names()
    module.visit(names)
    lines = [line for name, line in wanted.items() if name in names.loaded and name not in names.bound]
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
    stmts[0] = stmts[0].with_changes(leading_lines=list(leading_lines))
    return module.with_changes(body=body[:at] + stmts + body[at:])
