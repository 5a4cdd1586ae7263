"""Which class of a model file to verify, read from the source text (nothing is imported).

`FILE.py:Class` names it. Without a name: the file's `Model` when it follows the get_inputs()
convention, else its only top-level module class. A module class derives from a framework's
module base or container (by its last name, from each framework's skeleton: `Module`, `Sequential`...), or
from another module class of the file.
"""
from __future__ import annotations

import ast

from nnport import frameworks


class SelectionError(ValueError):
    """No class, or several candidates: the message lists them."""


def split_target(spec: str) -> tuple[str, str | None]:
    """`path.py:Class` -> (path, Class); `path.py` -> (path, None). Windows drive letters are kept."""
    head, sep, tail = spec.rpartition(":")
    if sep and tail.isidentifier() and head and not head.endswith(("\\", "/")):
        return head, tail
    return spec, None


def _base_names() -> set[str]:
    names = set()
    for name in frameworks.available():
        sk = frameworks.get(name).skeleton
        bases = list(getattr(sk, "MODULE_BASES", ())) + [getattr(sk, "MODULE_BASE", "")]
        containers = {**getattr(sk, "CONTAINERS", {}), **getattr(sk, "CONTAINER_CLASSES", {})}
        bases += list(containers) + [v for v in containers.values() if isinstance(v, str)]
        names.update(b.rpartition(".")[2] for b in bases if b)
    return names


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return _dotted(node.value) + "." + node.attr
    return node.id if isinstance(node, ast.Name) else ""


def module_classes(code: str) -> list[ast.ClassDef]:
    """Top-level module classes of the file, in order."""
    bases = _base_names()
    tree = ast.parse(code)
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    names: set[str] = set()
    changed = True
    while changed:
        changed = False
        for c in classes:
            if c.name in names:
                continue
            for b in c.bases:
                d = _dotted(b)
                if d.rpartition(".")[2] in bases or d in names:
                    names.add(c.name)
                    changed = True
                    break
    return [c for c in classes if c.name in names]


def has_function(code: str, name: str) -> bool:
    return any(isinstance(n, ast.FunctionDef) and n.name == name for n in ast.parse(code).body)


def select_class(code: str, wanted: str | None, filename: str = "<file>") -> str:
    classes = module_classes(code)
    top = {n.name for n in ast.parse(code).body if isinstance(n, ast.ClassDef)}
    if wanted:
        if wanted not in top:
            raise SelectionError(f"{filename}: no top-level class {wanted!r}"
                                 + (f" (module classes: {', '.join(c.name for c in classes)})" if classes else ""))
        return wanted
    if "Model" in top and has_function(code, "get_inputs"):
        return "Model"
    if has_function(code, "Model") and has_function(code, "get_inputs"):
        return "Model"   # a builder function (Keras functional / Sequential models)
    if len(classes) == 1:
        return classes[0].name
    if not classes:
        raise SelectionError(f"{filename}: no module class found; name one as {filename}:Class")
    raise SelectionError(f"{filename}: several module classes ({', '.join(c.name for c in classes)}); "
                         f"name one as {filename}:Class")
