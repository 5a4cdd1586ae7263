"""Qualified names from the file's imports: `F.relu` -> `torch.nn.functional.relu`.

A single cheap pass over the import statements (module level and inside functions) replaces
LibCST's scope analysis, which cost more than all of the translation (benchmarks/). Limitation:
a local variable that shadows an import alias (`def f(F): F.relu(x)`) is still read as the import.
"""
from __future__ import annotations

import libcst as cst


def _dotted(node: cst.BaseExpression) -> str | None:
    parts = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


class ImportAliases(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.aliases: dict[str, str] = {}

    def visit_Import(self, node: cst.Import) -> bool:
        for a in node.names:
            full = _dotted(a.name)
            if a.asname is not None and isinstance(a.asname.name, cst.Name):
                self.aliases[a.asname.name.value] = full
            else:
                first = full.split(".")[0]
                self.aliases[first] = first
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
            return False
        module = _dotted(node.module)
        for a in node.names:
            name = _dotted(a.name)
            alias = a.asname.name.value if a.asname is not None and isinstance(a.asname.name, cst.Name) \
                else name
            self.aliases[alias] = f"{module}.{name}"
        return False

    # Expressions hold no imports: skip them for speed.
    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
        return any(isinstance(s, (cst.Import, cst.ImportFrom)) for s in node.body)


def collect(module: cst.Module) -> dict[str, str]:
    v = ImportAliases()
    module.visit(v)
    return v.aliases


def qualified(node: cst.CSTNode, aliases: dict[str, str]) -> set[str]:
    if not isinstance(node, (cst.Name, cst.Attribute)):
        return set()
    text = _dotted(node)
    if text is None:
        return set()
    base, _, rest = text.partition(".")
    if base not in aliases:
        return set()
    full = aliases[base]
    return {f"{full}.{rest}" if rest else full}
