"""LibCST visitors with cheaper dispatch (benchmarks/bench_convert.py): `visit_<Node>` and
`leave_<Node>` are looked up once per node type and class instead of by name on every node, and
the per-field hooks (`visit_<Node>_<field>`), which nnport never defines, are not looked up at all.
"""
from __future__ import annotations

import libcst as cst


def _lookup(cache: dict, cls: type, prefix: str, node_type: type):
    key = (cls, node_type)
    try:
        return cache[key]
    except KeyError:
        fn = cache[key] = getattr(cls, prefix + node_type.__name__, None)
        return fn


_VISITS: dict = {}
_LEAVES: dict = {}


class FastTransformer(cst.CSTTransformer):
    def on_visit(self, node: cst.CSTNode) -> bool:
        fn = _lookup(_VISITS, type(self), "visit_", type(node))
        return fn is None or fn(self, node) is not False

    def on_leave(self, original_node, updated_node):
        fn = _lookup(_LEAVES, type(self), "leave_", type(original_node))
        return updated_node if fn is None else fn(self, original_node, updated_node)

    def on_visit_attribute(self, node, attribute) -> None:
        pass

    def on_leave_attribute(self, original_node, attribute) -> None:
        pass


class FastVisitor(cst.CSTVisitor):
    def on_visit(self, node: cst.CSTNode) -> bool:
        fn = _lookup(_VISITS, type(self), "visit_", type(node))
        return fn is None or fn(self, node) is not False

    def on_leave(self, original_node) -> None:
        fn = _lookup(_LEAVES, type(self), "leave_", type(original_node))
        if fn is not None:
            fn(self, original_node)

    def on_visit_attribute(self, node, attribute) -> None:
        pass

    def on_leave_attribute(self, original_node, attribute) -> None:
        pass


def node_types(*classes: type) -> frozenset[type]:
    """Every class among `classes` and their subclasses: `type(node) in node_types(...)` is an
    isinstance test without the cost of ABC checks (LibCST's base node classes are ABCs)."""
    out, todo = set(), list(classes)
    while todo:
        c = todo.pop()
        if c not in out:
            out.add(c)
            todo.extend(c.__subclasses__())
    return frozenset(out)
