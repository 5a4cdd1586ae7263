"""LibCST visitors with cheaper dispatch (benchmarks/bench_convert.py): `visit_<Node>` and
`leave_<Node>` are looked up once per node type and class instead of by name on every node, and
the per-field hooks (`visit_<Node>_<field>`), which nnport never defines, are not looked up at all.
Trivia (whitespace, comments, commas, brackets, operators: nodes with no expression or statement
below them) are not descended into, unless the visitor defines a visit_/leave_ method for any: they
were about half the nodes these passes walked, and no nnport pass reads them that way.
"""
from __future__ import annotations

import libcst as cst


class _Dispatch:
    """Per visitor class: node type -> its visit_/leave_ method (or None), filled on first use."""

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        cls._visits, cls._leaves = {}, {}

    def _visit_fn(self, node_type):
        try:
            return self._visits[node_type]
        except KeyError:
            fn = self._visits[node_type] = getattr(type(self), "visit_" + node_type.__name__, None)
            return fn

    @classmethod
    def _pruned(cls) -> frozenset[type]:
        """The trivia types not descended into: all of them, or none for a visitor with a visit_/leave_
        method for any (computed once per class)."""
        try:
            return cls.__dict__["_pruned_types"]
        except KeyError:
            wants = any(_defines(cls, f"{kind}_{t.__name__}") for t in _TRIVIA for kind in ("visit", "leave"))
            pruned = frozenset() if wants else _TRIVIA   # trivia nest (a Comment in whitespace): all or none
            cls._pruned_types = pruned
            cls._walked_types = _NODES - pruned
            return pruned

    def _leave_fn(self, node_type):
        try:
            return self._leaves[node_type]
        except KeyError:
            fn = self._leaves[node_type] = getattr(type(self), "leave_" + node_type.__name__, None)
            return fn


class FastTransformer(_Dispatch, cst.CSTTransformer):
    """A trivia node is left as it is: on_leave is called for it, not for the whitespace inside."""

    def on_visit(self, node: cst.CSTNode) -> bool:
        if type(node) in self._pruned():
            return False
        fn = self._visits.get(type(node), _UNKNOWN)
        if fn is _UNKNOWN:
            fn = self._visit_fn(type(node))
        return fn is None or fn(self, node) is not False

    def on_leave(self, original_node, updated_node):
        fn = self._leaves.get(type(original_node), _UNKNOWN)
        if fn is _UNKNOWN:
            fn = self._leave_fn(type(original_node))
        return updated_node if fn is None else fn(self, original_node, updated_node)

    def on_visit_attribute(self, node, attribute) -> None:
        pass

    def on_leave_attribute(self, original_node, attribute) -> None:
        pass


class FastVisitor(_Dispatch, cst.CSTVisitor):
    """Also `walk(node)`: the same visit_/leave_ calls without LibCST's traversal, which rebuilds
    every node even for a visitor. Children are visited field by field, which is source order
    within each sequence (statements, arguments) but not always across fields (a function's
    decorators come after its name): for passes that collect facts, not for ones that need order."""

    def walk(self, node: cst.CSTNode) -> None:
        """Visit `node` and, when on_visit allows, everything below it but trivia (see the module)."""
        self._pruned()
        self._walk(node, type(self)._walked_types)

    def _walk(self, node: cst.CSTNode, walked: frozenset[type]) -> None:
        if self.on_visit(node):
            for name in _fields(type(node)):
                value = getattr(node, name)
                kind = type(value)
                if kind in walked:
                    self._walk(value, walked)
                elif kind is tuple or kind is list:
                    for item in value:
                        if type(item) in walked:
                            self._walk(item, walked)
        self.on_leave(node)

    def on_visit(self, node: cst.CSTNode) -> bool:
        fn = self._visits.get(type(node), _UNKNOWN)
        if fn is _UNKNOWN:
            fn = self._visit_fn(type(node))
        return fn is None or fn(self, node) is not False

    def on_leave(self, original_node) -> None:
        fn = self._leaves.get(type(original_node), _UNKNOWN)
        if fn is _UNKNOWN:
            fn = self._leave_fn(type(original_node))
        if fn is not None:
            fn(self, original_node)

    def on_visit_attribute(self, node, attribute) -> None:
        pass

    def on_leave_attribute(self, original_node, attribute) -> None:
        pass


_UNKNOWN = object()


def _defines(cls: type, name: str) -> bool:
    """Whether `cls` has method `name` of its own, not LibCST's empty stub for every node type."""
    fn = getattr(cls, name, None)
    return fn is not None and fn is not getattr(cst.CSTVisitor, name, None) and \
        fn is not getattr(cst.CSTTransformer, name, None)


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


_NODES = node_types(cst.CSTNode)
# Nodes with nothing but whitespace, comments or their own token below them.
_TRIVIA = node_types(cst.BaseParenthesizableWhitespace, cst.TrailingWhitespace, cst.Newline, cst.Comment,
                     cst.EmptyLine, cst.LeftParen, cst.RightParen, cst.LeftSquareBracket, cst.RightSquareBracket,
                     cst.LeftCurlyBrace, cst.RightCurlyBrace, cst.Comma, cst.Dot, cst.Colon, cst.Semicolon,
                     cst.AssignEqual, cst.ImportStar, cst.BaseBinaryOp, cst.BaseBooleanOp, cst.BaseCompOp,
                     cst.BaseUnaryOp, cst.BaseAugOp)
_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(node_type: type) -> tuple[str, ...]:
    try:
        return _FIELDS[node_type]
    except KeyError:
        import dataclasses
        names = tuple(f.name for f in dataclasses.fields(node_type))
        _FIELDS[node_type] = names
        return names
