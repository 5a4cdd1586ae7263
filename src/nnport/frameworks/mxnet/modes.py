"""Hybrid or imperative, per class (hybrid.finish): each translated class is a HybridBlock whose
`hybrid_forward(self, F, x, <parameters>)` is traced with Symbols, unless its forward (or a method or
function it calls) needs concrete arrays (imperative.reasons); then it is an imperative `gluon.Block`
with `forward(self, x)` and `nd.*`. A HybridBlock's children must be HybridBlocks, so a class holding
an imperative one (or deriving from one) is imperative too.

Functions and methods that compute with arrays take `F` (the caller's F in hybrid code, `nd`
elsewhere): `def gelu(F, x)`, `self.attend(F, q, k)`; in an imperative class they use nd directly.
The function of an nn.HybridLambda takes F as well (`lambda F, x: F.clip(x, 0, 6)`, or a support
function): it keeps its F, and the block stays a HybridLambda in an imperative class.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst
import libcst.matchers as m

from nnport.frameworks.mxnet.imperative import reasons as concrete_reasons, takes_f, uses_f
from nnport.frameworks.mxnet.operators import broadcast, scalar_names

FORWARD = "hybrid_forward"
IMPERATIVE_NAMES = {"gluon.HybridBlock": "gluon.Block", "nn.HybridSequential": "nn.Sequential",
                    "nn.HybridLambda": "nn.Lambda"}
IMPERATIVE_HELPERS = {"hybrid_sequential": "sequential", "HybridBlockDict": "BlockDict"}


_AUG = {cst.AddAssign: cst.Add, cst.SubtractAssign: cst.Subtract, cst.MultiplyAssign: cst.Multiply,
        cst.DivideAssign: cst.Divide, cst.PowerAssign: cst.Power}


@dataclass
class Plan:
    functions: set[str] = field(default_factory=set)     # module-level functions that get F first
    methods: dict[str, set[str]] = field(default_factory=dict)   # class -> methods that compute with arrays
    imperative: dict[str, list[str]] = field(default_factory=dict)   # class -> why
    support: frozenset = frozenset()   # definitions copied from support/: left as written


def plan(module: cst.Module, support: frozenset = frozenset(), forced: dict[str, list[str]] | None = None) -> Plan:
    """`support`: top-level definitions copied from support/, written for Gluon already: their classes
    hybridize and their functions taking F trace; one without F (pad_sequence) needs concrete arrays.
    `forced`: classes imperative for a reason found elsewhere (class -> why; shared_norms.py)."""
    p = Plan(support=support)
    funcs = {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef) and s.name.value not in support}
    classes = {s.name.value: s for s in module.body if isinstance(s, cst.ClassDef) and s.name.value not in support}
    p.functions = {n for n, f in funcs.items() if uses_f(f) and not takes_f(f, method=False)}
    array_funcs = {n for n, f in funcs.items() if uses_f(f)}
    # only functions a class may call get F (get_inputs() & co. compute with nd)
    reach, frontier = set(), set().union(*(_called(c) for c in classes.values())) & p.functions
    while frontier:
        n = frontier.pop()
        reach.add(n)
        frontier |= (_called(funcs[n]) & p.functions) - reach
    p.functions = reach
    untraced = {s.name.value: ["it needs concrete arrays"] for s in module.body if isinstance(s, cst.FunctionDef)
                and s.name.value in support and not takes_f(s, method=False)}
    blocks = {s.name.value for s in module.body if isinstance(s, cst.ClassDef) and s.name.value in support
              and any(m.matches(b.value, _BLOCK) for b in s.bases)}   # support Blocks reading shapes (Resize)
    bad_funcs = _closure({**{n: concrete_reasons(f) for n, f in funcs.items() if n in array_funcs}, **untraced},
                         {n: _called(f) & (array_funcs | set(untraced)) for n, f in funcs.items()})
    for name, cls in classes.items():
        methods = {f.name.value: f for f in _methods(cls)}
        p.methods[name] = {n for n, f in methods.items() if n not in ("__init__", FORWARD) and uses_f(f)}
        why: list[str] = []
        for n in (FORWARD, *sorted(p.methods[name])):
            if n not in methods:
                continue
            where = "its forward" if n == FORWARD else f"{name}.{n}()"
            why += [f"{where}: {r}" for r in concrete_reasons(methods[n])]
            why += [f"{where} calls {g}(), which needs concrete arrays" for g in sorted(_called(methods[n]) & set(bad_funcs))]
        why += [f"it holds {h}, an imperative gluon.Block (it needs concrete arrays)"
                for h in sorted(_called(cls) & blocks)]
        why += (forced or {}).get(name, [])
        if why:
            p.imperative[name] = why
    holds = {n: _called(c) & set(classes) - {n} for n, c in classes.items()}
    bases = {n: {cst.Module([]).code_for_node(b.value) for b in c.bases} & set(classes) for n, c in classes.items()}
    changed = True
    while changed:
        changed = False
        for n in classes:
            if n in p.imperative:
                continue
            held = sorted(h for h in holds[n] if h in p.imperative)
            kin = sorted(b for b in bases[n] if b in p.imperative) + \
                sorted(s for s in classes if n in bases[s] and s in p.imperative)
            if held or kin:
                p.imperative[n] = [f"it holds {h}, which is imperative" for h in held] + \
                    [f"its class hierarchy includes {k}, which is imperative" for k in kin]
                changed = True
    return p


_BLOCK = m.Attribute(value=m.Name("gluon"), attr=m.Name("Block"))


def _closure(own: dict[str, list[str]], calls: dict[str, set[str]]) -> dict[str, list[str]]:
    """Functions that need concrete arrays, themselves or through a function they call."""
    bad = {n: r for n, r in own.items() if r}
    changed = True
    while changed:
        changed = False
        for n, called in calls.items():
            if n not in bad and called & set(bad):
                bad[n] = [f"calls {sorted(called & set(bad))[0]}()"]
                changed = True
    return bad


def _methods(cls: cst.ClassDef) -> list[cst.FunctionDef]:
    return [s for s in cls.body.body if isinstance(s, cst.FunctionDef)]


def _called(node: cst.CSTNode) -> set[str]:
    """Plain names called in `node`: f(...), Block(...)."""
    out: set[str] = set()

    class V(cst.CSTVisitor):
        def visit_Call(self, call):
            if isinstance(call.func, cst.Name):
                out.add(call.func.value)
    node.visit(V())
    return out


def _with_param(fn: cst.FunctionDef, index: int, name: str) -> cst.FunctionDef:
    plist = list(fn.params.params)
    plist.insert(index, cst.Param(cst.Name(name)))
    plist = [q.with_changes(comma=cst.MaybeSentinel.DEFAULT) for q in plist]
    return fn.with_changes(params=fn.params.with_changes(params=plist))


def _with_first_arg(call: cst.Call, value: str) -> cst.Call:
    return call.with_changes(args=[cst.Arg(cst.Name(value)), *[a for a in call.args]])


class Rewrite(cst.CSTTransformer):
    """The plan applied: F passed on, imperative classes written as Blocks with nd."""

    def __init__(self, p: Plan, hybrid_forward):
        super().__init__()
        self.p, self.hybrid_forward = p, hybrid_forward
        self.cls: list[str] = []
        self.funcs: list[str] = []

    # where we are
    @property
    def _imperative(self) -> bool:
        return bool(self.cls) and self.cls[-1] in self.p.imperative

    @property
    def _array_code(self) -> bool:
        """Inside code that has F (a hybrid forward, an array method of a hybrid class, an array function,
        a lambda taking F)."""
        if self._f_lambdas:
            return True
        if not self.funcs:
            return False
        if not self.cls:
            return self.funcs[0] in self.p.functions or bool(self.funcs) and self._takes_f_top
        if self._imperative:
            return False
        return self.funcs[0] == FORWARD or self.funcs[0] in self.p.methods.get(self.cls[-1], ())

    _takes_f_top = False
    _f_lambdas = 0

    def visit_Lambda(self, node):
        self._f_lambdas += _lambda_takes_f(node)

    def leave_Lambda(self, original, updated):
        self._f_lambdas -= _lambda_takes_f(original)
        return updated

    def _support(self, node) -> bool:
        return not self.cls and not self.funcs and node.name.value in self.p.support

    def visit_ClassDef(self, node):
        support = self._support(node)
        self.cls.append(node.name.value)
        return not support

    def leave_ClassDef(self, original, updated):
        name = self.cls.pop()
        if not self.cls and name in self.p.support:
            return updated
        if name in self.p.imperative:
            return updated.with_changes(bases=[b.with_changes(value=_imperative_name(b.value)) for b in updated.bases])
        return updated

    def visit_FunctionDef(self, node):
        if self._support(node):
            self.funcs.append(node.name.value)
            return False
        if not self.funcs:   # the outermost function: does it take F already (a support helper)?
            self._takes_f_top = not self.cls and takes_f(node, method=False)
            self._scalars = scalar_names(node)
            self._arrays = set()
        self.funcs.append(node.name.value)

    _scalars: set = set()
    _arrays: set = set()

    def _known_array(self, node) -> bool:
        """An F op's result, a block's output, or a name assigned one (in this function so far)."""
        if isinstance(node, cst.Name):
            return node.value in self._arrays
        if isinstance(node, cst.Call):
            return isinstance(node.func, cst.Attribute) and m.matches(node.func.value, m.Name("F") | m.Name("self"))
        if isinstance(node, cst.BinaryOperation):
            return self._known_array(node.left) or self._known_array(node.right)
        if isinstance(node, cst.UnaryOperation):
            return self._known_array(node.expression)
        return False

    def leave_Assign(self, original, updated):
        for t in updated.targets:
            if isinstance(t.target, cst.Name):
                (self._arrays.add if self._known_array(updated.value) else self._arrays.discard)(t.target.value)
        return updated

    def leave_AugAssign(self, original, updated):
        """`x += y` in code that computes with F: a Symbol has no in-place operators, so
        `x = F.broadcast_add(x, y)` (`x = x + 1` with a number)."""
        if not self._array_code or not isinstance(updated.target, cst.Name):
            return updated
        op = _AUG.get(type(updated.operator))
        if op is None:
            return updated
        value = cst.BinaryOperation(updated.target, op(), updated.value)
        return cst.Assign([cst.AssignTarget(updated.target)], broadcast(value, self._scalars))

    def leave_BinaryOperation(self, original, updated):
        """Operators of arrays in the functions and methods that compute with F (the engine wrote
        those of hybrid_forward): F.broadcast_<op>."""
        if self._array_code and self.funcs[0] != FORWARD and not self._takes_f_top and \
                (self._known_array(updated.left) or self._known_array(updated.right)):
            return broadcast(updated, self._scalars)   # (`H * W` of two parameters stays: numbers, likely)
        return updated

    def leave_FunctionDef(self, original, updated):
        name = self.funcs.pop()
        if self.funcs or not self.cls and name in self.p.support:
            return updated
        if not self.cls:
            return _with_param(updated, 0, "F") if name in self.p.functions else updated
        cls = self.cls[-1]
        if cls in self.p.imperative:
            return updated.with_changes(name=cst.Name("forward")) if name == FORWARD else updated
        if name == FORWARD:
            return self.hybrid_forward(updated, cls)
        if name in self.p.methods.get(cls, ()):
            return _with_param(updated, 1, "F")
        return updated

    def leave_Call(self, original, updated):
        f = original.func
        if m.matches(updated.func, m.Name("int") | m.Name("float")) and len(updated.args) == 1 and \
                not self._array_code and _is_array_call(updated.args[0].value):
            # int(nd.prod(...)) while building: an NDArray is no number (NDArray.asscalar())
            value = updated.args[0].value
            return updated.with_changes(args=[cst.Arg(cst.Call(cst.Attribute(value, cst.Name("asscalar")), []))])
        if m.matches(f, m.Attribute(value=m.Name("nn"), attr=m.Name("HybridLambda"))) and original.args and \
                not isinstance(original.args[0].value, cst.SimpleString):
            return updated.with_changes(func=f)   # its function takes F: nn.Lambda would call it without
        here = "F" if self._array_code else "nd"
        if isinstance(f, cst.Name) and f.value in self.p.functions:
            return _with_first_arg(updated, here)
        if self.cls and not self._imperative and m.matches(f, m.Attribute(value=m.Name("self"), attr=m.Name())) and \
                f.attr.value in self.p.methods.get(self.cls[-1], ()):
            return _with_first_arg(updated, here)
        return updated

    def leave_Attribute(self, original, updated):
        if isinstance(updated.value, cst.Name) and updated.value.value == "F" and not self._array_code:
            return updated.with_changes(value=cst.Name("nd"))
        if updated.attr.value == "shape" and self.funcs and self.funcs[0] in ("__init__", "reset_parameters") and \
                m.matches(updated.value, m.Call(func=m.Attribute(attr=m.Name("data")), args=[])):
            # a parameter's shape while the block is built: Parameter.shape (its data exists after initialize())
            return updated.with_changes(value=updated.value.func.value)
        if self._imperative:
            return _imperative_name(updated)
        return updated

    def leave_Comparison(self, original, updated):
        """`self.bias.data() is not None` -> `self.bias is not None` (a parameter's data exists only
        once the block is initialised)."""
        left = updated.left
        if m.matches(left, m.Call(func=m.Attribute(attr=m.Name("data")), args=[])) and all(
                isinstance(c.operator, (cst.Is, cst.IsNot)) and m.matches(c.comparator, m.Name("None"))
                for c in updated.comparisons):
            return updated.with_changes(left=left.func.value)
        return updated

    def leave_Name(self, original, updated):
        if self._imperative and updated.value in IMPERATIVE_HELPERS:
            return cst.Name(IMPERATIVE_HELPERS[updated.value])
        return updated

    def leave_Arg(self, original, updated):   # F passed on where there is none: nd
        if isinstance(updated.value, cst.Name) and updated.value.value == "F" and not self._array_code:
            return updated.with_changes(value=cst.Name("nd"))
        return updated


def _lambda_takes_f(node: cst.Lambda) -> bool:
    params = node.params.params
    return bool(params) and params[0].name.value == "F"


def _is_array_call(node) -> bool:
    """`nd.prod(...)`, `F.sum(...)`: a call that returns an array."""
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and \
        m.matches(node.func.value, m.Name("nd") | m.Name("F"))


def _imperative_name(node):
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name):
        new = IMPERATIVE_NAMES.get(f"{node.value.value}.{node.attr.value}")
        if new is not None:
            return cst.parse_expression(new)
    return node
