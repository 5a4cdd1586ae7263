"""Plans made before rewriting: which modules compute channels-last, which functions build layers."""
from __future__ import annotations

import libcst as cst
from libcst.metadata import QualifiedNameProvider

from nnport.pivot import ops as pivot
from nnport.translate.facts import Attr, ClassFacts


def _target_cl(attr: Attr, dst) -> bool:
    if attr.kind != "layer":
        return False
    return any(e.layout == "channels_last" for e in dst.layers.for_op(attr.entry.op) if e.emit)


def _role(attr: Attr) -> str | None:
    if attr.kind != "layer":
        return None
    o = pivot.OPS.get(attr.entry.op)
    return o.role if o else None


def plan_sequential(attr: Attr, dst) -> None:
    """A Sequential computes channels-last from its input on when its first layer wants it and
    every later element can follow (channel-axis and elementwise layers, one final flatten)."""
    els = attr.elements
    if not els or not _target_cl(els[0], dst):
        return
    state = True
    for e in els:
        role = _role(e)
        if _target_cl(e, dst):
            if not state:
                return
        elif role in ("channel", "elementwise"):
            pass
        elif role == "flatten" and state:
            state = False
        elif state:
            return
    attr.channels_last = True
    attr.output_channels_last = state
    live = True
    for e in els:
        e.channels_last = live and (_role(e) in ("channel", "elementwise", "flatten") or _target_cl(e, dst))
        if _role(e) == "flatten":
            live = False


def plan_layouts(classes: dict[str, ClassFacts], dst) -> dict[int, Attr]:
    plans: dict[int, Attr] = {}

    def walk(attr: Attr) -> None:
        if attr.kind == "container" and attr.container == "sequential":
            plan_sequential(attr, dst)
        for e in attr.elements:
            walk(e)
        if attr.call is not None:
            plans[id(attr.call)] = attr

    for facts in classes.values():
        for attr in facts.attrs.values():
            walk(attr)
    return plans


class _Builders(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (QualifiedNameProvider,)

    def __init__(self, classes, src):
        self.classes, self.src = classes, src
        self.found: set[str] = set()
        self.stack: list[str] = []
        self.cls: list[str] = []

    def visit_ClassDef(self, node):
        self.cls.append(node.name.value)

    def leave_ClassDef(self, node):
        self.cls.pop()

    def visit_FunctionDef(self, node):
        self.stack.append(node.name.value)

    def leave_FunctionDef(self, node):
        self.stack.pop()

    def visit_Call(self, node: cst.Call) -> None:
        if len(self.stack) != 1 or self.stack[0] in ("__init__", self.src.skeleton.FORWARD):
            return
        names = {q.name for q in self.get_metadata(QualifiedNameProvider, node.func, set())}
        builds = any(n in self.src.layers or n in self.src.skeleton.CONTAINERS for n in names) or (
            isinstance(node.func, cst.Name) and node.func.value in self.classes
            and self.classes[node.func.value].is_module and self.classes[node.func.value].has_init)
        if builds:
            owner = f"{self.cls[-1]}." if self.cls else ""
            if not self.cls or self.classes.get(self.cls[-1]) and self.classes[self.cls[-1]].is_module:
                self.found.add(owner + self.stack[0])


def builders(wrapper, classes, src) -> set[str]:
    """Functions (`name`) and module methods (`Class.name`) that construct layers: they get `rngs`."""
    v = _Builders(classes, src)
    wrapper.visit(v)
    return v.found
