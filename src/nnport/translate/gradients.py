"""`with torch.no_grad():` in a forward pass: the target has no such context, so the tensors the
block computes are cut off from the gradient where they are assigned or returned
(`y = jax.lax.stop_gradient(...)`). Values that are not computed tensors (sizes, Python numbers,
plain copies) are left alone: wrapping them would change their type."""
from __future__ import annotations

import libcst as cst

from nnport.translate.emit import dotted, parenthesize
from nnport.translate.visiting import FastTransformer


class _Stop(FastTransformer):
    def __init__(self, tensors: set[int], stop: str):
        super().__init__()
        self.tensors, self.stop = tensors, stop

    def visit_FunctionDef(self, node) -> bool:
        return False   # a nested function runs later, not in the block

    def visit_ClassDef(self, node) -> bool:
        return False

    def visit_Lambda(self, node) -> bool:
        return False

    def _cut(self, original, value):
        if value is None or id(original) not in self.tensors:
            return value
        if self.stop.startswith("."):   # a method: x.detach()
            return cst.Call(cst.Attribute(parenthesize(value), cst.Name(self.stop[1:])), [])
        return cst.Call(dotted(self.stop), [cst.Arg(value)])

    def leave_Assign(self, original, updated):
        return updated.with_changes(value=self._cut(original.value, updated.value))

    def leave_Return(self, original, updated):
        return updated.with_changes(value=self._cut(original.value, updated.value))


def stop_gradients(t, body: list[cst.BaseStatement]) -> list[cst.BaseStatement]:
    stop = getattr(t.dst.skeleton, "STOP_GRADIENT", None)
    if stop is None:
        return body
    v = _Stop(t.tensors, stop)
    return [s.visit(v) for s in body]


def written_contexts(t, original: cst.With, updated: cst.With) -> cst.With:
    """`with torch.no_grad():` for a target that has gradient contexts: the target's spelling
    (skeleton NO_GRAD / ENABLE_GRAD), the body as translated."""
    items = []
    for item, new in zip(original.items, updated.items):
        off = any(n in t.src.skeleton.NO_GRAD_CONTEXTS for n in t.qnames(item.item.func))
        name = t.dst.skeleton.NO_GRAD if off else t.dst.skeleton.ENABLE_GRAD
        items.append(new.with_changes(item=cst.Call(dotted(name))))
    return updated.with_changes(items=items)
