"""Why a translated forward cannot hybridize: what it does that a Symbol cannot.

A HybridBlock's hybrid_forward is traced once with Symbols, which have no shape, no values and no item
assignment, and index by output (`s[0]` is a Symbol's first output, not its first row). `reasons(fn)`
lists what a function's body does of these; modes.py decides per class from them.
"""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

# attributes of an array that a Symbol lacks (reading one needs concrete values)
_CONCRETE_ATTRS = frozenset({"shape", "ndim", "size", "dtype", "context", "ctx", "T", "grad"})
_CONCRETE_METHODS = frozenset({"asnumpy", "asscalar", "item", "tolist", "wait_to_read", "attach_grad"})


def reasons(fn: cst.FunctionDef) -> list[str]:
    """What `fn` (run with Symbols) does that needs concrete arrays, each reason once."""
    found = _Finder()
    fn.body.visit(found)
    return found.reasons


class _Finder(cst.CSTVisitor):
    def __init__(self):
        super().__init__()
        self.reasons: list[str] = []

    def _add(self, why: str) -> None:
        if why not in self.reasons:
            self.reasons.append(why)

    def visit_Attribute(self, node):
        if node.attr.value in _CONCRETE_ATTRS and not _module_attr(node):
            self._add(f"it reads `.{node.attr.value}` of an array")

    def visit_Call(self, node):
        if m.matches(node.func, m.Attribute(attr=m.Name())) and node.func.attr.value in _CONCRETE_METHODS:
            self._add(f"it calls `.{node.func.attr.value}()`")
        if m.matches(node.func, m.Attribute(value=m.Name("autograd"), attr=m.Name("is_training"))):
            self._add("it branches on autograd.is_training()")
        if m.matches(node.func, m.Attribute(value=m.Name("nd") | m.Attribute(value=m.Name("mx"), attr=m.Name("nd")))):
            self._add("it makes an array from Python data (`nd.array`)")
        if m.matches(node.func, m.Name("len")) and node.args and not _self_value(node.args[0].value):
            self._add("it takes len() of a value")

    def visit_Subscript(self, node):
        if _self_value(node.value) or m.matches(node.value, m.Attribute(attr=m.Name("shape"))):
            return
        self._add("it indexes an array or a tuple with `[...]`")

    def visit_AssignTarget(self, node):
        if isinstance(node.target, cst.Subscript):
            self._add("it writes into an array (`x[...] = v`)")

    def visit_AugAssign(self, node):
        if isinstance(node.target, cst.Subscript):
            self._add("it writes into an array (`x[...] op= v`)")


def _module_attr(node: cst.Attribute) -> bool:
    """`np.float32`, `mx.nd.T`...: an attribute of a module, not of an array."""
    return isinstance(node.value, cst.Name) and node.value.value in ("np", "mx", "nd", "F", "math", "self")


def _self_value(node) -> bool:
    """`self.blocks` (a HybridSequential; `self.blocks[i]` is its child), `self.sizes` (a constructor value)."""
    return m.matches(node, m.Attribute(value=m.Name("self")))


def uses_f(fn: cst.FunctionDef) -> bool:
    """Does `fn` compute with `F.<op>` (or pass F on)?"""
    class V(cst.CSTVisitor):
        hit = False

        def visit_Name(self, node):
            if node.value == "F":
                V.hit = True
    fn.body.visit(V())
    return V.hit


def takes_f(fn: cst.FunctionDef, method: bool) -> bool:
    """Is F already a parameter (a support helper `def gelu(F, x)`)?"""
    params = list(fn.params.params)[1 if method else 0:]
    return bool(params) and params[0].name.value == "F"
