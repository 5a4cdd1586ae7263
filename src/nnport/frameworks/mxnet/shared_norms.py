"""A block holding a BatchNorm called more than once per forward (a Siamese encoder applied to both
inputs): PyTorch updates the running statistics at each call, in call order; Gluon 1.9.1's BatchNorm
updates them in the backward pass, once per call but in the order the backward reaches the calls,
which the loss decides (measured: `p + q` and `q + p` of two calls give the two orders). Such a
BatchNorm is written as support/norm.py's CallOrderBatchNorm, which updates them in its forward, as
PyTorch does; it needs concrete arrays, so the class calling it twice and the classes holding it are
imperative (hybrid.finish says so; eval outputs and every statistic are PyTorch's).

Read from the translated classes: attributes built in __init__ that hold a BatchNorm (directly, in a
container's add(...), or through one of the file's classes that does), and their calls in the
forward, through the class's own methods (a call in a loop or a comprehension counts as repeated)."""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

FORWARDS = ("hybrid_forward", "forward")
HELPER = "CallOrderBatchNorm"
_SELF_ATTR = m.Attribute(value=m.Name("self"), attr=m.Name())


def shared(module: cst.Module) -> tuple[list[tuple[str, str]], dict[str, set[str]]]:
    """[(class, attribute)] of each attribute holding a BatchNorm called twice or more per forward,
    and the attributes of each class that hold one."""
    classes = {s.name.value: s for s in module.body if isinstance(s, cst.ClassDef)}
    holders: dict[str, set[str]] = {}
    changed = True
    while changed:   # a class holds running statistics when an attribute of it does (transitively)
        changed = False
        for name, cls in classes.items():
            found = _holding_attrs(cls, {n for n, h in holders.items() if h})
            if found != holders.get(name, set()):
                holders[name], changed = found, True
    out = []
    for name, cls in classes.items():
        methods = {f.name.value: f for f in cls.body.body if isinstance(f, cst.FunctionDef)}
        forward = next((methods[f] for f in FORWARDS if f in methods), None)
        if forward is None or not holders.get(name) or name == HELPER:
            continue
        counts = _counts(forward.body, methods, set())
        out += [(name, attr) for attr in sorted(holders[name]) if counts.get(attr, 0) > 1]
    return out, holders


def per_call(module: cst.Module) -> tuple[cst.Module, dict[str, list[str]]]:
    """The module with each BatchNorm of such an attribute (and of the file's classes it builds there)
    a CallOrderBatchNorm, and the classes that become imperative (class -> why)."""
    found, holders = shared(module)
    if not found:
        return module, {}
    classes = {s.name.value: s for s in module.body if isinstance(s, cst.ClassDef)}
    holder_classes = {n for n, h in holders.items() if h}
    building = [n for cls, attr in found for n in _building(classes[cls], attr)]
    inner = set().union(*(_built(n, holder_classes) for n in building))
    changed = True
    while changed:   # the holder classes those classes build themselves
        changed = False
        for cls in sorted(inner):
            more = _built(classes[cls], holder_classes) - inner - {cls}
            inner, changed = inner | more, changed or bool(more)
    forced: dict[str, list[str]] = {}
    for cls, attr in found:
        forced.setdefault(cls, []).append(
            f"it calls self.{attr}, which holds a BatchNorm, more than once per forward: a {HELPER} "
            "updates the running statistics at each call, in call order, as PyTorch does")
    for cls in sorted(inner - set(forced)):
        forced[cls] = [f"it holds a BatchNorm called more than once per forward (a {HELPER})"]
    return module.visit(_Replace({id(n) for n in building} | {id(classes[c]) for c in inner})), forced


def _built(node: cst.CSTNode, holder_classes: set[str]) -> set[str]:
    """The holder classes `node` constructs."""
    out: set[str] = set()

    class V(cst.CSTVisitor):
        def visit_Call(self, call):
            if isinstance(call.func, cst.Name) and call.func.value in holder_classes:
                out.add(call.func.value)
    node.visit(V())
    return out


def _building(cls: cst.ClassDef, attr: str) -> list[cst.CSTNode]:
    """The statements of `cls` that build `self.<attr>`: `self.<attr> = ...`, `self.<attr>.add(...)`."""
    out: list[cst.CSTNode] = []
    target = m.Attribute(value=m.Name("self"), attr=m.Name(attr))

    class V(cst.CSTVisitor):
        def visit_Assign(self, node):
            if any(m.matches(t.target, target) for t in node.targets):
                out.append(node)

        def visit_Call(self, node):
            if m.matches(node.func, m.Attribute(value=target, attr=m.Name("add") | m.Name("append"))):
                out.append(node)
    cls.visit(V())
    return out


class _Replace(cst.CSTTransformer):
    """BatchNorm(...) -> CallOrderBatchNorm(...) inside the nodes `within` (by id: statements that
    build a flagged attribute, classes it builds)."""

    def __init__(self, within: set[int]):
        super().__init__()
        self.within, self.depth = within, 0

    def on_visit(self, node):
        self.depth += id(node) in self.within
        return True

    def on_leave(self, original, updated):
        self.depth -= id(original) in self.within
        if self.depth and isinstance(original, cst.Call) and _is_norm(original):
            return updated.with_changes(func=cst.Name(HELPER))
        return updated


def _is_norm(node) -> bool:
    f = node.func if isinstance(node, cst.Call) else None
    name = f.value if isinstance(f, cst.Name) else f.attr.value if isinstance(f, cst.Attribute) else ""
    return name.endswith("BatchNorm")


def _constructs(node: cst.CSTNode, classes: set[str]) -> bool:
    """Does `node` build a BatchNorm, or one of `classes`?"""
    found = []

    class V(cst.CSTVisitor):
        def visit_Call(self, call):
            if _is_norm(call) or isinstance(call.func, cst.Name) and call.func.value in classes:
                found.append(call)
    node.visit(V())
    return bool(found)


def _holding_attrs(cls: cst.ClassDef, classes: set[str]) -> set[str]:
    """`self.a = ...BatchNorm(...)...` or `self.a.add(..., BatchNorm(...))` anywhere in the class."""
    out: set[str] = set()

    class V(cst.CSTVisitor):
        def visit_Assign(self, node):
            for t in node.targets:
                if m.matches(t.target, _SELF_ATTR) and _constructs(node.value, classes):
                    out.add(t.target.attr.value)

        def visit_Call(self, node):
            f = node.func
            if m.matches(f, m.Attribute(value=_SELF_ATTR, attr=m.Name("add") | m.Name("append"))) and \
                    any(_constructs(a.value, classes) for a in node.args):
                out.add(f.value.attr.value)
    cls.visit(V())
    return out


def _counts(node: cst.CSTNode, methods: dict[str, cst.FunctionDef], seen: set[str]) -> dict[str, int]:
    """Calls of `self.<attr>(...)` per run of `node`, through `self.<method>(...)` calls; of two
    branches (if/else, `a if c else b`) the one calling more."""
    counts: dict[str, int] = {}
    loops = [0]

    def add(more: dict[str, int]) -> None:
        for attr, n in more.items():
            counts[attr] = counts.get(attr, 0) + n * (2 if loops[0] else 1)

    def branches(*nodes) -> None:
        parts = [_counts(n, methods, seen) for n in nodes if n is not None]
        add({a: max(p.get(a, 0) for p in parts) for p in parts for a in p})

    class V(cst.CSTVisitor):
        def visit_For(self, node):
            loops[0] += 1

        def leave_For(self, node):
            loops[0] -= 1

        visit_While, leave_While = visit_For, leave_For
        visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = visit_For
        leave_ListComp = leave_SetComp = leave_GeneratorExp = leave_DictComp = leave_For

        def visit_If(self, node):
            add(_counts(node.test, methods, seen))
            branches(node.body, node.orelse)
            return False

        def visit_IfExp(self, node):
            add(_counts(node.test, methods, seen))
            branches(node.body, node.orelse)
            return False

        def visit_Call(self, node):
            if not m.matches(node.func, _SELF_ATTR):
                return
            name = node.func.attr.value
            if name in methods and name not in seen:
                add(_counts(methods[name].body, methods, seen | {name}))
            else:
                add({name: 1})
    node.visit(V())
    return counts
