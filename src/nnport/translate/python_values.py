"""Names a function binds only to plain Python containers and strings (`seen = set()`, `names = []`,
`parts = line.split()` is not one: only literals and the builtin constructors count).

Why: the engine reads `.add(x)`, `.append(x)` & co. on a receiver it cannot prove is no tensor as the
source's tensor method, so a set's `seen.add(x)` became `seen + x` (found by the fuzzers, tests/fuzz).
A name every assignment of which in the function is such a value is not a tensor."""
from __future__ import annotations

import libcst as cst

CONSTRUCTORS = frozenset({"set", "list", "dict", "tuple", "frozenset", "str", "bytes", "bytearray"})
_LITERALS = (cst.List, cst.Set, cst.Dict, cst.ListComp, cst.SetComp, cst.DictComp, cst.SimpleString,
             cst.FormattedString, cst.ConcatenatedString)


def is_python_value(node: cst.BaseExpression) -> bool:
    """A container or string literal, or a call of a builtin container constructor."""
    if isinstance(node, _LITERALS):
        return True
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in CONSTRUCTORS


class _Bindings(cst.CSTVisitor):
    def __init__(self):
        self.python: set[str] = set()
        self.other: set[str] = set()

    def visit_FunctionDef(self, node) -> bool:   # the nested function's names are its own
        return False

    def visit_ClassDef(self, node) -> bool:
        return False

    def visit_Assign(self, node: cst.Assign) -> None:
        for t in node.targets:
            if isinstance(t.target, cst.Name):
                (self.python if is_python_value(node.value) else self.other).add(t.target.value)
            else:   # tuple unpacking and the like: whatever they bind is not known
                for n in _names(t.target):
                    self.other.add(n)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Name) and node.value is not None:
            (self.python if is_python_value(node.value) else self.other).add(node.target.value)

    def visit_For(self, node: cst.For) -> None:
        self.other.update(_names(node.target))

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self.other.update(_names(node.target))

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self.other.update(_names(node.asname.name))


def _names(node: cst.CSTNode) -> set[str]:
    found: set[str] = set()

    class _N(cst.CSTVisitor):
        def visit_Name(self, n: cst.Name) -> None:
            found.add(n.value)
    node.visit(_N())
    return found


def python_names(fn: cst.FunctionDef) -> frozenset[str]:
    """Names that `fn`'s body binds only to plain Python values (never a parameter, never rebound)."""
    b = _Bindings()
    fn.body.visit(b)
    params = {p.name.value for p in (*fn.params.params, *fn.params.posonly_params, *fn.params.kwonly_params)}
    return frozenset(b.python - b.other - params)
