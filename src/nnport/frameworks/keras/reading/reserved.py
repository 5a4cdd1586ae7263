"""Attributes the Keras writer renamed, read back under their own names.

Keras reserves some attribute names on its layers and models (`self.layers`, `self.weights`, ...:
keras/skeleton.py RESERVED_ATTRS), so the Keras writer names such a PyTorch submodule with a trailing
underscore (`self.layers_`). A module class whose `self.<name>_` stands for a reserved `<name>` (and
that never reads Keras' own `self.<name>`) gets its attribute back as `self.<name>`: the PyTorch text
has PyTorch's names (weight paths `layers.0.weight`, as the original). The recorded sizes, keyed by
attribute path (keras/sizes.py), follow the rename.
"""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from nnport.frameworks.keras.skeleton import RESERVED_ATTRS

_SELF_ATTR = m.Attribute(value=m.Name("self"), attr=m.Name())


def renames(cls: cst.ClassDef) -> dict[str, str]:
    """{`<name>_`: `<name>`} for the class's self attributes the writer renamed."""
    used = {n.attr.value for n in m.findall(cls, _SELF_ATTR)}
    return {n: n[:-1] for n in used if n.endswith("_") and n[:-1] in RESERVED_ATTRS and n[:-1] not in used}


class _Rename(cst.CSTTransformer):
    def __init__(self, classes: set[str]):
        super().__init__()
        self.classes, self.stack, self.done = classes, [], {}

    def visit_ClassDef(self, node):
        self.stack.append(renames(node) if node.name.value in self.classes else {})
        if self.stack[-1]:
            self.done[node.name.value] = self.stack[-1]

    def leave_ClassDef(self, original, updated):
        self.stack.pop()
        return updated

    def leave_Attribute(self, original, updated):
        if self.stack and m.matches(original, _SELF_ATTR) and original.attr.value in self.stack[-1]:
            return updated.with_changes(attr=cst.Name(self.stack[-1][original.attr.value]))
        return updated


def restore(module: cst.Module, classes: set[str], sizes: dict) -> tuple[cst.Module, dict]:
    """(module with the reserved names restored in `classes`, sizes keyed by the restored paths)."""
    rw = _Rename(classes)
    module = module.visit(rw)
    if not rw.done:
        return module, sizes
    out = {}
    for (cls, path), shapes in sizes.items():
        first, dot, rest = path.partition(".")
        out[(cls, rw.done.get(cls, {}).get(first, first) + dot + rest)] = shapes
    return module, out
