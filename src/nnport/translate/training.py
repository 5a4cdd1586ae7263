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
    """`self.training` reads and the `self.<name>(...)` calls of one method."""

    def __init__(self, training_attr: str):
        super().__init__()
        self.training_attr, self.training, self.attrs = training_attr, False, set()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if isinstance(node.value, cst.Name) and node.value.value == "self" and node.attr.value == self.training_attr:
            self.training = True

    def visit_Call(self, node: cst.Call) -> None:
        f = node.func
        if isinstance(f, cst.Attribute) and isinstance(f.value, cst.Name) and f.value.value == "self":
            self.attrs.add(f.attr.value)


def method_call(t, original: cst.Call, updated: cst.Call) -> cst.Call:
    """`self.m(...)` of a method that needs the flag, where the flag is at hand: it is passed on."""
    from nnport.translate import skeleton_rules
    f = original.func
    if isinstance(f, cst.Attribute) and isinstance(f.value, cst.Name) and f.value.value == "self" and \
            f.attr.value in t.training_methods.get(t.cur_class.name, ()):
        return skeleton_rules.training_keyword(t, updated)
    return updated
