"""Source lines of a module path: where it is constructed, and its class when the class is the user's.

`layer1.0.conv1`: the nearest ancestor whose class is defined in the file (here `layer1.0`, a
BasicBlock) holds `self.conv1 = ...`; that statement is the construction line. Read from the
file's text (ast), so the same lookup serves the source and the translated file.
"""
from __future__ import annotations

import ast

from nnport import frameworks


def _forward_names() -> set[str]:
    return {frameworks.get(n).skeleton.FORWARD for n in frameworks.available()}


def _classes(code: str) -> dict[str, ast.ClassDef]:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return {}
    return {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}


def _assignment(cls: ast.ClassDef, attr: str) -> ast.stmt | None:
    for node in ast.walk(cls):
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else []
        for t in targets:
            if isinstance(t, ast.Attribute) and t.attr == attr and isinstance(t.value, ast.Name) \
                    and t.value.id == "self":
                return node
    return None


def lines_of(code: str, path: str, modules: dict[str, list]) -> dict:
    """{"line", "text", "class_line", "forward_line"} for a module path; `modules`: path -> [class,
    defined here]. The forward line is its class's forward (`forward`, `__call__`...) when the class
    is the file's: a defect in the user's own forward is there."""
    classes = _classes(code)
    src = code.splitlines()
    parts = path.split(".") if path else []
    out = {"line": None, "text": "", "class_line": None, "forward_line": None}
    cls, here = modules.get(path, ["", False])
    if here and cls in classes:
        out["class_line"] = classes[cls].lineno
        names = _forward_names()
        out["forward_line"] = next((n.lineno for n in classes[cls].body
                                    if isinstance(n, ast.FunctionDef) and n.name in names), None)
    for k in range(len(parts) - 1, -1, -1):
        anc = ".".join(parts[:k])
        a_cls, a_here = modules.get(anc, ["", False])
        if a_here and a_cls in classes:
            node = _assignment(classes[a_cls], parts[k])
            if node is not None:
                out["line"] = node.lineno
                out["text"] = src[node.lineno - 1].strip() if node.lineno <= len(src) else ""
            break
    if out["line"] is None and out["class_line"] is not None:
        out["line"] = out["class_line"]
        out["text"] = src[out["line"] - 1].strip()
    return out
