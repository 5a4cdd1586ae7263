"""Why a translated file cannot hybridize: what its forward code does that a Symbol cannot.

A HybridBlock's hybrid_forward is traced once with Symbols, which have no shape, no values and no item
assignment, and index by output (`s[0]` is a Symbol's first output, not its first row). Any of these
in a forward (or in a function or method it may call) makes the file imperative (hybrid.finish).
"""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

# attributes of an array that a Symbol lacks (reading one needs concrete values)
_CONCRETE_ATTRS = frozenset({"shape", "ndim", "size", "dtype", "context", "ctx", "T", "grad"})
_CONCRETE_METHODS = frozenset({"asnumpy", "asscalar", "item", "tolist", "wait_to_read", "attach_grad"})


def imperative_reasons(module: cst.Module) -> list[tuple[str | None, str]]:
    """[(class or None, reason)] for each forward (and each function using `F`) that a Symbol cannot run."""
    found = _Finder()
    module.visit(found)
    return found.reasons


class _Finder(cst.CSTVisitor):
    def __init__(self):
        super().__init__()
        self.reasons: list[tuple[str | None, str]] = []
        self.classes: list[str] = []
        self.funcs: list[str] = []
        self._seen: set[tuple] = set()
        self.concrete: set[str] = set()

    def _add(self, why: str) -> None:
        key = (self.classes[-1] if self.classes else None, why)
        if key not in self._seen:
            self._seen.add(key)
            self.reasons.append(key)

    @property
    def _traced(self) -> bool:
        """Inside code a hybridized block runs with Symbols: hybrid_forward (and functions nested in it)."""
        return "hybrid_forward" in self.funcs

    def visit_Module(self, node):
        """Helpers (module-level functions) that read a concrete shape or dtype: calling one from a
        forward needs concrete arrays too."""
        self.concrete = {s.name.value for s in node.body if isinstance(s, cst.FunctionDef) and _reads_concrete(s)}

    def visit_ClassDef(self, node):
        self.classes.append(node.name.value)

    def leave_ClassDef(self, node):
        self.classes.pop()

    def visit_FunctionDef(self, node):
        self.funcs.append(node.name.value)
        if node.name.value not in ("hybrid_forward", "__init__") and _uses_f(node) and not _takes_f(node):
            where = f"{self.classes[-1]}.{node.name.value}" if self.classes else node.name.value
            self._add(f"{where}() computes with arrays outside hybrid_forward")

    def leave_FunctionDef(self, node):
        self.funcs.pop()

    def visit_Attribute(self, node):
        if self._traced and node.attr.value in _CONCRETE_ATTRS and not _module_attr(node):
            self._add(f"its forward reads `.{node.attr.value}` of an array")

    def visit_Call(self, node):
        if not self._traced:
            return
        if m.matches(node.func, m.Attribute(attr=m.Name())) and node.func.attr.value in _CONCRETE_METHODS:
            self._add(f"its forward calls `.{node.func.attr.value}()`")
        if m.matches(node.func, m.Attribute(value=m.Name("autograd"), attr=m.Name("is_training"))):
            self._add("its forward branches on autograd.is_training()")
        if m.matches(node.func, m.Attribute(value=m.Name("nd") | m.Attribute(value=m.Name("mx"), attr=m.Name("nd")))):
            self._add("its forward makes an array from Python data (`nd.array`)")
        if isinstance(node.func, cst.Name) and node.func.value in self.concrete:
            self._add(f"its forward calls {node.func.value}(), which reads concrete shapes")
        if m.matches(node.func, m.Name("len")):
            self._add("its forward takes len() of a value")

    def visit_Subscript(self, node):
        if not self._traced or _container_index(node):
            return
        self._add("its forward indexes an array or a tuple with `[...]`")

    def visit_AssignTarget(self, node):
        if self._traced and isinstance(node.target, cst.Subscript):
            self._add("its forward writes into an array (`x[...] = v`)")

    def visit_AugAssign(self, node):
        if self._traced and isinstance(node.target, cst.Subscript):
            self._add("its forward writes into an array (`x[...] op= v`)")


def _module_attr(node: cst.Attribute) -> bool:
    """`np.float32`, `mx.nd.T`...: an attribute of a module, not of an array."""
    return isinstance(node.value, cst.Name) and node.value.value in ("np", "mx", "nd", "F", "math", "self")


def _container_index(node: cst.Subscript) -> bool:
    """`self.blocks[i]` (a HybridSequential's child), `self.sizes[0]` (a constructor value)."""
    return m.matches(node.value, m.Attribute(value=m.Name("self")))


def _reads_concrete(fn: cst.FunctionDef) -> bool:
    class V(cst.CSTVisitor):
        hit = False

        def visit_Attribute(self, node):
            if node.attr.value in _CONCRETE_ATTRS and not _module_attr(node):
                V.hit = True
    fn.visit(V())
    return V.hit


def _takes_f(fn: cst.FunctionDef) -> bool:
    """A helper called as `name(F, ...)`: it computes with the F it is given (mx.nd or mx.sym)."""
    return bool(fn.params.params) and fn.params.params[0].name.value == "F"


def _uses_f(fn: cst.FunctionDef) -> bool:
    class V(cst.CSTVisitor):
        hit = False

        def visit_Attribute(self, node):
            if m.matches(node.value, m.Name("F")):
                V.hit = True
    v = V()
    fn.visit(v)
    return V.hit
