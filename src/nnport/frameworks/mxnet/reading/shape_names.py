"""Shapes held by a name, read as sizes (prepare.py): `s = x.shape[:-1] + (h, d)` then
`F.reshape(x, s)`. MXNet reads a 0, -2, -3 or -4 in a shape as a code (copy an axis, merge, split),
so a shape that is no literal is refused by the reshape reader (ops.py), but a name the function
binds once to sizes: parts of an array's shape (positive: MXNet 1.x has no empty arrays) and tuples
of sizes that are no such code (a literal size, -1, or a value: a size at run time, as the reader
takes a tuple's non-literal elements). Such a shape is passed on as `(*s,)`, which the reader reads
as sizes (and writes back as `s`)."""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from nnport.frameworks.spec import NOT_LITERAL, literal

_CODES = (0, -2, -3, -4)


def sized_names(fn: cst.FunctionDef) -> set[str]:
    """Names `fn` binds exactly once, to sizes (module docstring)."""
    bound: dict[str, list] = {}
    for node in m.findall(fn, m.Assign() | m.AugAssign() | m.AnnAssign() | m.For() | m.NamedExpr()):
        targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
        for t in targets:
            for n in m.findall(t, m.Name()) if not isinstance(t, cst.Name) else [t]:
                bound.setdefault(n.value, []).append(node)
    out = set()
    for name, nodes in bound.items():
        node = nodes[0]
        if len(nodes) == 1 and isinstance(node, cst.Assign) and len(node.targets) == 1 and \
                isinstance(node.targets[0].target, cst.Name) and sizes(node.value):
            out.add(name)
    return out


def sizes(node: cst.BaseExpression) -> bool:
    """An expression of sizes: `x.shape`, `x.shape[...]`, a tuple of sizes, their sum (concatenation)."""
    if m.matches(node, m.Attribute(attr=m.Name("shape"))):
        return True
    if isinstance(node, cst.Subscript):
        return m.matches(node.value, m.Attribute(attr=m.Name("shape")))
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return sizes(node.left) and sizes(node.right)
    if isinstance(node, cst.Tuple):
        return all(isinstance(e, cst.Element) and _size(e.value) for e in node.elements)
    return False


def _size(e: cst.BaseExpression) -> bool:
    v = literal(e)
    if v is NOT_LITERAL:
        return not isinstance(e, (cst.Tuple, cst.List, cst.StarredElement))
    return isinstance(v, int) and not isinstance(v, bool) and v not in _CODES and v >= -1


def as_sizes(call: cst.Call, names: set[str]) -> cst.Call:
    """`F.reshape(x, s)` (s in `names`) -> `F.reshape(x, (*s,))`; any other call as it is."""
    args = list(call.args)
    for i, a in enumerate(args):
        if (a.keyword is None and i == 1 or a.keyword is not None and a.keyword.value == "shape") and \
                isinstance(a.value, cst.Name) and a.value.value in names:
            args[i] = a.with_changes(value=cst.Tuple([cst.StarredElement(a.value, comma=cst.Comma())]))
            return call.with_changes(args=args)
    return call
