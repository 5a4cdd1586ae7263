"""Plans made before rewriting: which modules compute channels-last, which functions build layers."""
from __future__ import annotations

import libcst as cst

from nnport.translate.visiting import FastVisitor
from nnport.translate.names import qualified
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
    """A Sequential computes channels-last from its input on when a layer wants it, the ones before
    it do not care (channel-axis and elementwise layers) and every later element can follow
    (channel-axis and elementwise layers, one final flatten)."""
    els = attr.elements
    first = next((i for i, e in enumerate(els) if _target_cl(e, dst)), None)
    if first is None or any(_role(e) not in ("channel", "elementwise") for e in els[:first]):
        return   # layers before the first channels-last one must not care about the layout
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
    seen: set[int] = set()   # a layer reached twice (`self.conv` also in a Sequential): both must agree

    def walk(attr: Attr, parent: Attr | None) -> None:
        if attr.kind == "container" and attr.container == "sequential":
            plan_sequential(attr, dst)
        if attr.kind == "layer":
            known = parent is None or (
                parent.container == "sequential" and parent.channels_last) or (
                parent.container != "sequential" and _uniform(parent.elements))
            attr.known_layout = known and (attr.known_layout or id(attr) not in seen)
            seen.add(id(attr))
        for e in attr.elements:
            walk(e, attr)
        if attr.call is not None:
            plans[id(attr.call)] = attr

    for facts in classes.values():
        for attr in facts.attrs.values():
            walk(attr, None)
        if facts.self_container is not None:
            walk(facts.self_container, None)
    return plans


def _uniform(elements: list[Attr]) -> bool:
    """Call sites reach elements through loops/subscripts; they know the layer only if all agree."""
    return bool(elements) and all(e.kind == "layer" and e.entry is elements[0].entry for e in elements)


class _ChannelVotes(FastVisitor):
    """Channel-axis modules (batch norm...) called only on channels-last values compute channels-last.

    Mirrors the Translator's layout tags syntactically over each forward: a value is channels-last
    when it comes from a channels-last layer, an elementwise op of one, or a variable assigned so at
    the top level of forward (compound statements reset, as in the Translator).
    """
    def __init__(self, classes, src, dst, aliases):
        super().__init__()
        self.classes, self.src, self.dst, self.aliases = classes, src, dst, aliases
        self.votes: dict[int, list[bool]] = {}
        self.facts = None
        self.vars: dict[str, bool] = {}

    def visit_ClassDef(self, node):
        f = self.classes.get(node.name.value)
        self.facts = f if f is not None and f.is_module else None

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        if self.facts is None or node.name.value != self.src.skeleton.FORWARD or \
                not isinstance(node.body, cst.IndentedBlock):
            return False
        self.vars = {}
        for stmt in node.body.body:
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    self._statement(small)
            else:
                self.vars = {}
                _Calls(self).walk(stmt)
        return False

    def _statement(self, small) -> None:
        if isinstance(small, cst.Assign):
            self._scan(small.value)
            if len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
                self.vars[small.targets[0].target.value] = self.cl(small.value)
        else:
            _Calls(self).walk(small)

    def _scan(self, e) -> None:
        _Calls(self).walk(e)

    def attr(self, node):
        if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and \
                node.value.value == "self":
            return self.facts.attrs.get(node.attr.value)
        return None

    def cl(self, e) -> bool:
        if isinstance(e, cst.Name):
            return self.vars.get(e.value, False)
        if isinstance(e, cst.BinaryOperation):
            from nnport.translate.layout import is_number
            return (self.cl(e.left) or is_number(e.left)) and (self.cl(e.right) or is_number(e.right)) \
                and not (is_number(e.left) and is_number(e.right))
        if not isinstance(e, cst.Call) or not e.args:
            return False
        a = self.attr(e.func)
        if a is not None:
            if a.kind == "container":
                return a.channels_last and a.output_channels_last
            if _target_cl(a, self.dst):
                return True
            return _role(a) in ("channel", "elementwise") and a.channels_last
        for n in qualified(e.func, self.aliases):
            entry = self.src.functions.get(n)
            if entry is not None:
                o = pivot.OPS.get(entry.op)
                return bool(o and o.role == "elementwise") and self.cl(e.args[0].value)
        if isinstance(e.func, cst.Attribute):
            entry = self.src.functions.get(f"Tensor.{e.func.attr.value}")
            o = pivot.OPS.get(entry.op) if entry is not None else None
            return bool(o and o.role == "elementwise") and self.cl(e.func.value)
        return False


class _Calls(FastVisitor):
    """Records, for each call of a channel-axis submodule, whether its input is channels-last."""

    def __init__(self, owner: _ChannelVotes):
        super().__init__()
        self.o = owner

    def leave_Call(self, node: cst.Call) -> None:
        a = self.o.attr(node.func)
        if a is not None and a.kind == "layer" and _role(a) == "channel" and a.call is not None:
            self.o.votes.setdefault(id(a.call), []).append(bool(node.args) and self.o.cl(node.args[0].value))


def plan_channel_modules(module, classes, src, dst, plans, aliases) -> None:
    """Two rounds, so that a batch norm after a batch norm follows the first one's decision."""
    for _ in range(2):
        v = _ChannelVotes(classes, src, dst, aliases)
        v.walk(module)
        for call_id, votes in v.votes.items():
            attr = plans.get(call_id)
            if attr is not None and votes and all(votes):
                attr.channels_last = True
