"""F.reshape's special codes for sizes a forward read from the tensor it reshapes, so that it hybridizes.

`F.reshape(x, s)` walks the input axes as it reads `s`: 0 copies the current input axis, -3 merges it
with the next one, any other entry (a size, -1) takes one input axis. So a size that is the input's
own size at the current input axis is written 0, and the product of the sizes of the current and the
next axis -3:

    b, c, h, w = x.shape            ->  (removed when no other line uses b, c, h, w)
    x = F.reshape(x, (b, c * h, w)) ->  x = F.reshape(x, (0, -3, 0))

The emitter (functions/shape.py) does this for `x.shape[k]` written in place; `codes_from_names` (called
by hybrid.finish) for names bound in the same hybrid_forward (`b, c, h, w = x.shape`, `n = x.shape[0]`),
as long as neither the name nor the tensor is assigned again in between.
"""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from nnport.frameworks.spec import code, literal


def _size_ref(node, bound: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    """(tensor, axis) of `x.shape[k]` (k >= 0) or of a name bound to one."""
    if isinstance(node, cst.Name):
        return bound.get(node.value)
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index) \
            and m.matches(node.value, m.Attribute(value=m.Name(), attr=m.Name("shape"))):
        k = literal(node.slice[0].slice.value)
        if isinstance(k, int) and not isinstance(k, bool) and k >= 0:
            return node.value.value.value, k
    return None


def shape_codes(x: cst.BaseExpression, shape: cst.BaseExpression,
                bound: dict[str, tuple[str, int]] | None = None) -> cst.BaseExpression:
    """The sizes of F.reshape(x, shape), with codes 0 and -3 where they are x's own sizes."""
    if not isinstance(x, cst.Name) or not isinstance(shape, (cst.Tuple, cst.List)) or \
            any(isinstance(e, cst.StarredElement) for e in shape.elements):
        return shape
    bound = bound or {}
    out, axis, changed = [], 0, False
    for e in shape.elements:
        v = e.value
        ref = _size_ref(v, bound)
        if ref == (x.value, axis):
            out.append(cst.Element(cst.Integer("0")))
            axis, changed = axis + 1, True
            continue
        if isinstance(v, cst.BinaryOperation) and isinstance(v.operator, cst.Multiply) and \
                _size_ref(v.left, bound) == (x.value, axis) and _size_ref(v.right, bound) == (x.value, axis + 1):
            out.append(cst.Element(cst.parse_expression("-3")))
            axis, changed = axis + 2, True
            continue
        out.append(cst.Element(v))
        axis += 1
    if not changed:
        return shape
    if len(out) == 1:
        out[0] = out[0].with_changes(comma=cst.Comma())
    return cst.Tuple(out)


def codes_from_names(module: cst.Module) -> cst.Module:
    return module.visit(_Forwards())


class _Forwards(cst.CSTTransformer):
    def leave_FunctionDef(self, original, updated):
        if updated.name.value != "hybrid_forward" or not isinstance(updated.body, cst.IndentedBlock):
            return updated
        return _rewrite(updated)


def _bindings(stmt) -> dict[str, tuple[str, int]]:
    """`a, b = x.shape` / `n = x.shape[k]` as a whole statement: name -> (tensor, axis)."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1 or not isinstance(stmt.body[0], cst.Assign):
        return {}
    assign = stmt.body[0]
    if len(assign.targets) != 1:
        return {}
    target, value = assign.targets[0].target, assign.value
    if isinstance(target, cst.Name):
        ref = _size_ref(value, {})
        return {target.value: ref} if ref else {}
    if isinstance(target, (cst.Tuple, cst.List)) and m.matches(value, m.Attribute(value=m.Name(), attr=m.Name("shape"))) \
            and all(isinstance(e.value, cst.Name) and not isinstance(e, cst.StarredElement) for e in target.elements):
        return {e.value.value: (value.value.value, k) for k, e in enumerate(target.elements)}
    return {}


def _assigned(node) -> set[str]:
    found: set[str] = set()

    class V(cst.CSTVisitor):
        def visit_AssignTarget(self, n):
            found.update(x.value for x in _names(n.target))

        def visit_AugAssign(self, n):
            found.update(x.value for x in _names(n.target))

        def visit_AnnAssign(self, n):
            found.update(x.value for x in _names(n.target))

        def visit_For(self, n):
            found.update(x.value for x in _names(n.target))

        def visit_NamedExpr(self, n):
            found.update(x.value for x in _names(n.target))
    node.visit(V())
    return found


def _names(target) -> list[cst.Name]:
    if isinstance(target, cst.Name):
        return [target]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for e in target.elements for n in _names(e.value)]
    return []


class _Reshapes(cst.CSTTransformer):
    def __init__(self, bound):
        super().__init__()
        self.bound = bound

    def leave_Call(self, original, updated):
        if code(updated.func) != "F.reshape" or len(updated.args) < 2 or updated.args[1].keyword is not None:
            return updated
        new = shape_codes(updated.args[0].value, updated.args[1].value, self.bound)
        if new is updated.args[1].value:
            return updated
        args = list(updated.args)
        args[1] = args[1].with_changes(value=new)
        return updated.with_changes(args=args)


def _rewrite(fn: cst.FunctionDef) -> cst.FunctionDef:
    body = list(fn.body.body)
    bound: dict[str, tuple[str, int]] = {}
    binding_lines: dict[int, set[str]] = {}

    def drop(names: set[str]) -> None:
        for n in [n for n, (t, _) in bound.items() if n in names or t in names]:
            del bound[n]

    for i, stmt in enumerate(body):
        compound = not isinstance(stmt, cst.SimpleStatementLine)
        assigned = _assigned(stmt)
        if compound:   # a loop may run its reshape after its own assignments
            drop(assigned)
        body[i] = stmt.visit(_Reshapes(dict(bound)))
        drop(assigned)
        new = _bindings(stmt)
        if new and not any(t in new for t, _ in new.values()):
            bound.update(new)
            binding_lines[i] = set(new)
    if not binding_lines:
        return fn
    used = _loads(body)
    kept = [s for i, s in enumerate(body) if i not in binding_lines or any(used.get(n, 0) for n in binding_lines[i])]
    return fn.with_changes(body=fn.body.with_changes(body=kept))


def _loads(body) -> dict[str, int]:
    """How often each name is read (assignment targets not counted)."""
    counts: dict[str, int] = {}
    targets: set[int] = set()

    class V(cst.CSTVisitor):
        def visit_AssignTarget(self, n):
            targets.update(id(x) for x in _names(n.target))

        def visit_Name(self, n):
            if id(n) not in targets:
                counts[n.value] = counts.get(n.value, 0) + 1
    for s in body:
        s.visit(V())
    return counts
