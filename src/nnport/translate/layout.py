"""Layout tags: which translated expressions hold a channels-last view of a source NC* tensor.

A tag is attached to a LibCST node by identity. Moving a tensor to channels last and back is
remembered, so that `to_source(to_channels_last(e))` gives back `e` rather than two transposes.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.spec import NOT_LITERAL, literal
from nnport.translate.emit import expr

_PASS_THROUGH = (cst.Arg, cst.Element, cst.StarredElement, cst.List, cst.Tuple)


class Layouts:
    def __init__(self, move: str) -> None:
        self.move = move   # the target's moveaxis(x, source, destination)
        self._cl: dict[int, cst.CSTNode] = {}      # id -> node (kept alive) of channels-last nodes
        self._undo: dict[int, tuple[cst.CSTNode, cst.BaseExpression]] = {}

    def is_cl(self, node: cst.CSTNode | None) -> bool:
        return node is not None and id(node) in self._cl

    def mark(self, node: cst.CSTNode, channels_last: bool = True) -> cst.CSTNode:
        if channels_last:
            self._cl[id(node)] = node
        return node

    def to_channels_last(self, node: cst.BaseExpression) -> cst.BaseExpression:
        if self.is_cl(node):
            return node
        if id(node) in self._undo:   # node is moveaxis(inner, -1, 1): inner is channels last
            return self._undo[id(node)][1]
        new = expr(f"{self.move}({{x}}, 1, -1)", x=node)
        self._undo[id(new)] = (new, node)
        return self.mark(new)

    def to_source(self, node: cst.BaseExpression) -> cst.BaseExpression:
        if not self.is_cl(node):
            return node
        if id(node) in self._undo:
            return self._undo[id(node)][1]
        new = expr(f"{self.move}({{x}}, -1, 1)", x=node)
        self._undo[id(new)] = (new, node)
        return new

    def deep_source(self, node: cst.CSTNode) -> cst.CSTNode:
        """Put every tagged value inside Arg/Element/List/Tuple wrappers back into source layout."""
        if not self._cl:
            return node
        if self.is_cl(node):
            return self.to_source(node)
        if isinstance(node, cst.Arg):
            v = self.deep_source(node.value)
            return node if v is node.value else node.with_changes(value=v)
        if isinstance(node, (cst.Element, cst.StarredElement)):
            v = self.deep_source(node.value)
            return node if v is node.value else node.with_changes(value=v)
        if isinstance(node, (cst.List, cst.Tuple)):
            els = [self.deep_source(e) for e in node.elements]
            if all(a is b for a, b in zip(els, node.elements)):
                return node
            return node.with_changes(elements=els)
        return node

    def reset(self) -> None:
        """Tags never outlive the function they were made in."""
        self._cl.clear()
        self._undo.clear()

    def children_to_source(self, node: cst.CSTNode) -> cst.CSTNode:
        """For nodes that do not understand layouts: every tagged child goes back to source layout."""
        if not self._cl:
            return node
        for child in node.children:
            if self.is_cl(child) or isinstance(child, _PASS_THROUGH):
                new = self.deep_source(child)
                if new is not child:
                    node = node.deep_replace(child, new)
        return node


def is_number(node: cst.CSTNode) -> bool:
    v = literal(node) if isinstance(node, cst.BaseExpression) else NOT_LITERAL
    return isinstance(v, (int, float)) and not isinstance(v, bool)
