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


def collect(code: str | None, tree=None, package: str | None = None) -> dict[str, str]:
    """Import aliases of a source text, read with CPython's (fast) parser (or from its `tree`).
    Relative imports are resolved against `package` (the importing module's package) when given,
    else left out."""
    import ast
    aliases: dict[str, str] = {}
    for node in ast.walk(tree if tree is not None else ast.parse(code)):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    aliases[a.asname] = a.name
                else:
                    aliases[a.name.split(".")[0]] = a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and (node.module if not node.level else package is not None):
            base = node.module if not node.level else _absolute(node.module, node.level, package)
            for a in node.names:
                if a.name != "*":
                    aliases[a.asname or a.name] = f"{base}.{a.name}" if base else a.name
    return aliases


def _absolute(mod: str | None, level: int, package: str) -> str:
    """The module a relative import (`from ..x import y`: level 2) names, seen from `package`."""
    parts = package.split(".")
    base = parts[: len(parts) - (level - 1)] if level > 1 else parts
    return ".".join(base + ([mod] if mod else []))


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


def names_in(node: cst.CSTNode) -> set[str]:
    """Plain names an expression reads (attribute names after a dot are not names: `nn.BatchNorm`
    reads nn)."""
    found: set[str] = set()

    class V(cst.CSTVisitor):
        def visit_Name(self, n):
            found.add(n.value)

        def visit_Attribute(self, n):
            n.value.visit(self)
            return False

    node.visit(V())
    return found


def bound_names(target: cst.CSTNode) -> list[str]:
    """The names an assignment target binds (`a`, `a, (b, *c)`; not `a.x` or `a[i]`)."""
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for e in target.elements for n in bound_names(e.value)]
    if isinstance(target, cst.StarredElement):
        return bound_names(target.value)
    return []
