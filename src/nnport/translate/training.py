"""The training flag in helper methods, for targets whose forward takes it as a parameter (Keras:
`call(self, ..., training=None)`).

    def reparameterize(self, mu, logvar):          def reparameterize(self, mu, logvar, training=None):
        if not self.training: ...          ->          if not training: ...
    def forward(self, x): ... self.reparameterize(mu, logvar)   ... self.reparameterize(mu, logvar, training=training)

A method other than the constructor and forward needs the flag when it reads `self.training`, calls
a submodule that takes it (a user module, a container, a layer whose target call site gets it:
dropout, batch norm) or calls another method of the class that needs it. Such methods get the
parameter, and their calls from forward or from one another pass it on.
"""
from __future__ import annotations

import libcst as cst

from nnport.translate import reading


def plan(t, node: cst.ClassDef, facts) -> set[str]:
    """Names of the methods of class `node` that need the training flag."""
    methods = {s.name.value: s for s in node.body.body if isinstance(s, cst.FunctionDef)}
    skip = {"__init__", t.src.skeleton.FORWARD}
    uses = {}
    for name, fn in methods.items():
        if name in skip:
            continue
        found = _Uses(t.src.skeleton.TRAINING_ATTR)
        fn.visit(found)
        uses[name] = found
    marked = {n for n, u in uses.items() if u.training or any(_takes_training(t, facts.attrs.get(a))
                                                               for a in u.attrs)}
    grew = True
    while grew:   # methods that call a marked method are marked too
        grew = False
        for name, u in uses.items():
            if name not in marked and u.attrs & marked:
                marked.add(name)
                grew = True
    return marked


def _takes_training(t, attr) -> bool:
    if attr is None:
        return False
    if attr.kind in ("user", "container"):
        return True
    if attr.kind != "layer":
        return False
    target = reading.target_entry(t.dst.layers, attr.entry.op, attr.entry.api, fixed=attr.entry.fixed)
    return getattr(target, "call", None) is not None


class _Uses(cst.CSTVisitor):
    """`self.training` reads and what one method calls: `self.<name>(...)`, `self.<name>[i](...)`, and
    the elements of `for m in self.<name>:` loops."""

    def __init__(self, training_attr: str):
        super().__init__()
        self.training_attr, self.training, self.attrs = training_attr, False, set()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if _self_attr(node) == self.training_attr:
            self.training = True

    def visit_Call(self, node: cst.Call) -> None:
        f = node.func.value if isinstance(node.func, cst.Subscript) else node.func
        if _self_attr(f) is not None:
            self.attrs.add(_self_attr(f))

    def visit_For(self, node: cst.For) -> None:
        if _self_attr(node.iter) is not None:
            self.attrs.add(_self_attr(node.iter))


def _self_attr(node) -> str | None:
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self":
        return node.attr.value
    return None


def method_call(t, original: cst.Call, updated: cst.Call) -> cst.Call:
    """`self.m(...)` of a method that needs the flag, and `self.blocks[i](...)` of a container's
    element that takes it, where the flag is at hand: it is passed on."""
    from nnport.translate import skeleton_rules
    f = original.func
    if _self_attr(f) in t.training_methods.get(t.cur_class.name, ()):
        return skeleton_rules.training_keyword(t, updated)
    if isinstance(f, cst.Subscript) and _takes_training(t, t.self_attr(f)):
        attr = t.self_attr(f)
        if attr.kind == "layer":   # the element's own call-site rule (dropout, batch norm)
            target = reading.target_entry(t.dst.layers, attr.entry.op, attr.entry.api, fixed=attr.entry.fixed)
            t.ctx.in_forward = t.has_training
            return target.call(reading.read(attr.entry, list(attr.call.args), t.ctx), updated, t.ctx)
        return skeleton_rules.training_keyword(t, updated)
    return updated
