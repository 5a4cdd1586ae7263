"""Type annotations naming the source's tensor class (`x: torch.Tensor`, `-> Optional[torch.Tensor]`) where the
target has no tensor type to write (Keras: its tensors are the backend's): the annotation is left
off, since an annotation naming the source framework would fail when the output is imported, and a
note says so. Annotations the target can write (Flax: jax.Array) are translated as any expression."""
from __future__ import annotations

import libcst as cst

TENSOR_TYPE = "tensor_type"   # the pivot op of the source's tensor class


def droppable(t, annotation: cst.Annotation | None) -> bool:
    """Does this parameter or return annotation name the source's tensor class (`torch.Tensor`,
    `Optional[torch.Tensor]`, `tuple[torch.Tensor, ...]`), which the target cannot write?"""
    if annotation is None or any(e.emit is not None for e in t.dst.functions.for_op(TENSOR_TYPE)):
        return False
    for node in _references(annotation.annotation):
        entries = [t.src.functions.get(n) for n in t.qnames(node)]
        if any(e is not None and e.op == TENSOR_TYPE for e in entries):
            return True
    return False


def _references(node: cst.CSTNode):
    """The names and dotted names in an annotation expression (outermost first)."""
    if isinstance(node, (cst.Name, cst.Attribute)):
        yield node
        if isinstance(node, cst.Attribute):
            return
    for child in node.children:
        yield from _references(child)


def mark(t, annotation: cst.Annotation | None) -> None:
    """Remember an annotation to drop (visit_Param, visit_FunctionDef). Its children are still
    visited (positions count every name), their diagnostics muted (Translator.muting)."""
    if droppable(t, annotation):
        t.dropped_annotations.add(id(annotation))


def strip(t, original, updated, field: str):
    """`updated` (a Param or FunctionDef) without the annotation in `field` when it was marked."""
    ann = getattr(original, field)
    if ann is None or id(ann) not in t.dropped_annotations:
        return updated
    t.dropped_annotations.discard(id(ann))
    t.flag(ann.annotation, f"annotation {cst.Module([]).code_for_node(ann.annotation)} left off: "
                f"{t.dst.name} has no tensor type to name", severity="info")
    return updated.with_changes(**{field: None})
