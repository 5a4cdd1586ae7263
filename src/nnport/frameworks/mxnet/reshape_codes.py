"""Sizes a forward read from its tensors, written so that it hybridizes: F.reshape's special codes for
the tensor it reshapes, broadcast_like / arange_like for arrays created of those sizes.

`F.reshape(x, s)` walks the input axes as it reads `s`: 0 copies the current input axis, -3 merges it
with the next one, any other entry (a size, -1) takes one input axis. So a size that is the input's
own size at the current input axis is written 0, and the product of the sizes of the current and the
next axis -3:

    b, c, h, w = x.shape            ->  (removed when no other line uses b, c, h, w)
    x = F.reshape(x, (b, c * h, w)) ->  x = F.reshape(x, (0, -3, 0))

and `F.zeros((b, 10))` is `F.broadcast_like(F.zeros((1, 10)), x, lhs_axes=(0,), rhs_axes=(0,))`,
`F.arange(x.shape[1])` `F.contrib.arange_like(x, axis=1)` (then cast), `F.zeros(x.shape)`
`F.cast(F.zeros_like(x), dtype='float32')`, `F.reshape(x, y.shape)` `F.reshape_like(x, y)`.
The reshape emitter (functions/shape.py) writes codes for `x.shape[k]` in place; `codes_from_names`
(called by hybrid.finish) does the rest in each hybrid_forward, for `x.shape[k]` and for names bound in
it (`b, c, h, w = x.shape`, `n = x.shape[0]`), as long as neither the name nor the tensor is assigned
again in between.
"""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from nnport.frameworks.spec import code, literal


def _size_ref(node, bound: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    """(tensor, axis) of `x.shape[k]` or of a name bound to one."""
    if isinstance(node, cst.Name):
        return bound.get(node.value)
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index) \
            and m.matches(node.value, m.Attribute(value=m.Name(), attr=m.Name("shape"))):
        k = literal(node.slice[0].slice.value)
        if isinstance(k, int) and not isinstance(k, bool):
            return node.value.value.value, k
    return None


def _codes(x: str, elements, bound, step: int) -> tuple[list[cst.BaseExpression], bool]:
    """Walk the sizes with the input axis (from the left, step 1; from the right, step -1)."""
    out, axis, changed = [], 0 if step > 0 else -1, False
    for v in elements:
        nxt = axis + step
        if _size_ref(v, bound) == (x, axis):
            out.append(cst.Integer("0"))
            axis, changed = nxt, True
            continue
        pair = (x, axis), (x, nxt)
        if isinstance(v, cst.BinaryOperation) and isinstance(v.operator, cst.Multiply) and \
                (_size_ref(v.left, bound), _size_ref(v.right, bound)) in (pair, pair[::-1]):
            out.append(cst.parse_expression("-3"))
            axis, changed = nxt + step, True
            continue
        out.append(v)
        axis = nxt
    return out, changed


def shape_codes(x: cst.BaseExpression, shape: cst.BaseExpression,
                bound: dict[str, tuple[str, int]] | None = None) -> tuple[cst.BaseExpression, bool]:
    """The sizes of F.reshape(x, shape) with codes 0 and -3 where they are x's own sizes, and whether
    they are read from the right (reverse=True: `x.view(-1, x.size(-1))` -> `(-1, 0)`)."""
    if not isinstance(x, cst.Name) or not isinstance(shape, (cst.Tuple, cst.List)) or \
            any(isinstance(e, cst.StarredElement) for e in shape.elements):
        return shape, False
    values = [e.value for e in shape.elements]
    out, changed = _codes(x.value, values, bound or {}, 1)
    reverse = False
    if not changed:
        back, changed = _codes(x.value, values[::-1], bound or {}, -1)
        out, reverse = back[::-1], changed
    if not changed:
        return shape, False
    elements = [cst.Element(v) for v in out]
    if len(elements) == 1:
        elements[0] = elements[0].with_changes(comma=cst.Comma())
    return cst.Tuple(elements), reverse


def codes_from_names(module: cst.Module, support: frozenset = frozenset()) -> cst.Module:
    """Each translated class's hybrid_forward rewritten (`support`: classes copied from support/, left as
    written)."""
    return module.with_changes(body=[s.visit(_Forwards()) if isinstance(s, cst.ClassDef) and s.name.value not in support
                                     else s for s in module.body])


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


_CREATION = {"F.zeros": 0, "F.ones": 0, "F.full": 0}   # op -> position of the shape argument


def sized_creation(call: cst.Call, bound: dict[str, tuple[str, int]]) -> cst.BaseExpression:
    """`F.zeros((x.shape[0], 10))` -> `F.broadcast_like(F.zeros((1, 10)), x, lhs_axes=(0,), rhs_axes=(0,))`;
    `F.arange(x.shape[1], dtype=d)` -> `F.cast(F.contrib.arange_like(x, axis=1), dtype=d)`."""
    name = code(call.func)
    args = [a for a in call.args if a.keyword is None]
    if name == "F.arange" and len(args) == 1:
        ref = _size_ref(args[0].value, bound)
        if ref is None or ref[1] < 0:
            return call
        kw = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        out = cst.parse_expression(f"F.contrib.arange_like({ref[0]}, axis={ref[1]})")
        if set(kw) - {"dtype"}:
            return call
        d = kw.get("dtype")
        return out if d is None or literal(d) == "float32" else \
            cst.parse_expression(f"F.cast({code(out)}, dtype={code(d)})")
    if name not in _CREATION or not args:
        return call
    if m.matches(args[0].value, m.Attribute(value=m.Name(), attr=m.Name("shape"))):
        return _like(name, args, call, args[0].value.value.value)
    if not isinstance(args[0].value, (cst.Tuple, cst.List)):
        return call
    elements = args[0].value.elements
    if any(isinstance(e, cst.StarredElement) for e in elements):
        return call
    refs = [r if r and r[1] >= 0 else None for r in (_size_ref(e.value, bound) for e in elements)]
    if not any(refs):
        return call
    ones = cst.Tuple([cst.Element(cst.Integer("1") if r else e.value) for r, e in zip(refs, elements)])
    if len(elements) == 1:
        ones = cst.Tuple([cst.Element(ones.elements[0].value, comma=cst.Comma())])
    out = call.with_changes(args=[call.args[0].with_changes(value=ones), *call.args[1:]])
    by_tensor: dict[str, list[tuple[int, int]]] = {}
    for pos, r in enumerate(refs):
        if r:
            by_tensor.setdefault(r[0], []).append((pos, r[1]))
    for tensor, pairs in by_tensor.items():
        lhs = repr(tuple(p for p, _ in pairs))
        rhs = repr(tuple(k for _, k in pairs))
        out = cst.parse_expression(f"F.broadcast_like({code(out)}, {tensor}, lhs_axes={lhs}, rhs_axes={rhs})")
    return out


def _shape_of(node) -> str | None:
    """`y` of `y.shape`."""
    if m.matches(node, m.Attribute(value=m.Name(), attr=m.Name("shape"))):
        return node.value.value
    return None


def _like(name: str, args, call: cst.Call, tensor: str) -> cst.BaseExpression:
    """`F.zeros(x.shape, dtype=d)` -> `F.cast(F.zeros_like(x), dtype=d)` (float32 where none is given)."""
    kw = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
    if set(kw) - {"dtype"} or len(args) != (2 if name == "F.full" else 1):
        return call
    d = code(kw["dtype"]) if "dtype" in kw else "'float32'"
    base = "ones_like" if name != "F.zeros" else "zeros_like"
    out = f"F.{base}({tensor})" if d == f"{tensor}.dtype" else f"F.cast(F.{base}({tensor}), dtype={d})"
    return cst.parse_expression(f"{out} * {code(args[1].value)}" if name == "F.full" else out)


class _Reshapes(cst.CSTTransformer):
    def __init__(self, bound):
        super().__init__()
        self.bound = bound

    def leave_Call(self, original, updated):
        if code(updated.func) in ("F.zeros", "F.ones", "F.full", "F.arange"):
            return sized_creation(updated, self.bound)
        if code(updated.func) != "F.reshape" or len(updated.args) < 2 or updated.args[1].keyword is not None:
            return updated
        like = _shape_of(updated.args[1].value)
        if like is not None and len(updated.args) == 2:   # F.reshape(x, y.shape) -> F.reshape_like(x, y)
            return cst.parse_expression(f"F.reshape_like({code(updated.args[0].value)}, {like})")
        if any(a.keyword is not None and a.keyword.value == "reverse" for a in updated.args):
            return updated
        new, reverse = shape_codes(updated.args[0].value, updated.args[1].value, self.bound)
        if new is updated.args[1].value:
            return updated
        args = list(updated.args)
        args[1] = args[1].with_changes(value=new)
        if reverse:
            args = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args] + [cst.Arg(
                cst.Name("True"), keyword=cst.Name("reverse"),
                equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")))]
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
