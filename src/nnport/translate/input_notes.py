"""Warnings about the input as a whole, read from CPython's tree: a second framework imported in the
same file (only the source framework's code is translated) and star imports from the source (the
names they bind cannot be resolved, so nothing that uses them is translated)."""
from __future__ import annotations

import ast

from nnport import frameworks
from nnport.diagnostics import Diagnostic
from nnport.errors import UnknownFramework
from nnport.translate import python_tree


def _under(name: str, roots) -> bool:
    return any(name == r or name.startswith(r + ".") for r in roots)


def _imported(node) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if isinstance(node, ast.ImportFrom) and node.module and not node.level:
        return [node.module]
    return []


def _roots(name: str):
    try:
        return frameworks.source(name).roots
    except UnknownFramework:
        return ()


def input_notes(code: str, source: str, filename: str) -> list[Diagnostic]:
    tree = python_tree.parse(code)   # the engine's own parse of the same text
    src_roots = _roots(source)
    others = {n: _roots(n) for n in frameworks.NAMES if n != source}
    notes: list[Diagnostic] = []
    warned: set[str] = set()
    for node in ast.walk(tree):
        for name in _imported(node):
            if _under(name, src_roots):
                if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
                    notes.append(Diagnostic(
                        "warning", node.lineno, node.col_offset + 1,
                        f"star import from {name}: the names it binds cannot be resolved, so code using "
                        f"them is not translated; import the names explicitly", name, filename))
                continue
            for other, roots in others.items():
                if other not in warned and _under(name, roots):
                    warned.add(other)
                    notes.append(Diagnostic(
                        "warning", node.lineno, node.col_offset + 1,
                        f"this file also imports {other} ({name}); only its {source} code is translated, "
                        f"the {other} code is left as it is", name, filename))
    return notes
