"""Source positions of diagnostics without LibCST's PositionProvider (a codegen pass that cost more
than the whole translation on large files).

The Translator numbers every Call it visits, and every Name bound to a source import, in source
order. CPython's parser (C, fast) lists the same Calls and Names with line and column; the n-th of
one is the n-th of the other. Where the counts disagree, or for other nodes, PositionProvider is
used after all.
"""
from __future__ import annotations

import ast
from dataclasses import replace

import libcst as cst
from libcst.metadata import PositionProvider


class Ordinals:
    def __init__(self, aliases: set[str], tree: ast.AST | None = None):
        self.aliases = aliases
        self.tree = tree    # the source as CPython parsed it (parsed again when not given)
        self.stmts: dict[int, int] = {}
        self.calls: dict[int, int] = {}
        self.names: dict[int, tuple[str, int]] = {}
        self.name_counts: dict[str, int] = {}
        self.index = None   # CPython's positions of the same calls and names, computed once

    def call(self, node) -> None:
        self.calls[id(node)] = len(self.calls)

    def stmt(self, node) -> None:
        """Statements (small and compound) in source order: CPython's ast.stmt nodes."""
        self.stmts[id(node)] = len(self.stmts)

    def name(self, node) -> None:
        if node.value in self.aliases:
            k = self.name_counts.get(node.value, 0)
            self.names[id(node)] = (node.value, k)
            self.name_counts[node.value] = k + 1


def _char_col(lines: list[bytes], lineno: int, col: int) -> int:
    return len(lines[lineno - 1][:col].decode("utf-8", "replace")) + 1


def _base_name(node):
    while isinstance(node, cst.Attribute):
        node = node.value
    return node if isinstance(node, cst.Name) else None


def _index(code: str, ords: Ordinals):
    tree = ords.tree if ords.tree is not None else ast.parse(code)
    calls, names, stmts = [], {}, []
    for n in ast.walk(tree):
        if isinstance(n, ast.Call):
            calls.append((n.lineno, n.col_offset))
        elif isinstance(n, ast.Name) and n.id in ords.aliases:
            names.setdefault(n.id, []).append((n.lineno, n.col_offset))
        elif isinstance(n, ast.stmt):
            stmts.append((n.lineno, n.col_offset))
    calls.sort()
    stmts.sort()
    for v in names.values():
        v.sort()
    return calls, names, stmts


def locate(code: str, wrapper, diags, ords: Ordinals, located_type):
    if not diags:
        return []
    if getattr(ords, "index", None) is None:
        ords.index = _index(code, ords)
    calls, names, stmts = ords.index
    lines = code.encode("utf-8").splitlines()
    calls_ok = len(calls) == len(ords.calls)
    stmts_ok = len(stmts) == len(ords.stmts)
    positions = None
    out = []
    for d in diags:
        if not isinstance(d.line, located_type):
            out.append(d)
            continue
        node, at = d.line.node, None
        if isinstance(node, (cst.Expr, cst.Assign, cst.AugAssign)) and isinstance(node.value, cst.Call):
            node = node.value   # a statement is reported where its call starts
        if calls_ok and id(node) in ords.calls:
            at = calls[ords.calls[id(node)]]
        else:
            base = _base_name(node)
            hit = ords.names.get(id(base)) if base is not None else None
            if hit is not None and len(names.get(hit[0], ())) == ords.name_counts[hit[0]]:
                at = names[hit[0]][hit[1]]
        if at is None and stmts_ok:   # a statement, or a node reported where its statement starts
            stmt = node if id(node) in ords.stmts else d.line.stmt
            if stmt is not None and id(stmt) in ords.stmts:
                at = stmts[ords.stmts[id(stmt)]]
        if at is not None:
            out.append(replace(d, line=at[0], col=_char_col(lines, *at)))
            continue
        if positions is None:
            positions = wrapper.resolve(PositionProvider)
        p = positions.get(node)
        out.append(replace(d, line=p.start.line if p else 0, col=p.start.column + 1 if p else 0))
    return out
