"""Python operators and subscripts on arrays in a translated forward, where Gluon's Symbols differ
from PyTorch's tensors (the engine asks the skeleton, which re-exports these):

- `a + b` of two arrays: a Symbol's operators need equal shapes, so the operation is written
  `F.broadcast_add(a, b)` & co., which broadcast as PyTorch does; an operation with a Python number
  (`x * 2`, `x / self.scale`, `x + n` where n holds a number) stays an operator; `a @ b` (neither
  mx.nd nor mx.sym has it) is the support function matmul(F, a, b);
- `x[:, 0]`, `x[..., 1:3]`, `x[:, None]`: a Symbol indexes by output, so subscripts that slice or add
  axes become `F.slice_axis`, `F.slice`, `F.squeeze`, `F.expand_dims`. A single `v[k]` stays (a tuple's
  element; on an array it makes the file imperative, see imperative.py); `self.ws[i]` of a
  ParameterList reads the Parameter (`.data()`, in hybrid_forward its keyword argument);
- `~m` of an array: NDArray and Symbol have no unary ~, and MXNet 1.x no bitwise operators; a
  PyTorch tensor's ~ in a model is the not of a mask (a bool tensor; ~ of a float one is an error),
  which MXNet holds as 1/0 floats: `F.logical_not(m)`. `~n` of a Python int stays.
- `m & k` (| ^) where a side is a mask by its form (a comparison, ~...): F.broadcast_logical_and & co.;
  of other arrays it stays (it may be the bitwise and of integers, which MXNet 1.x lacks).
"""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from nnport.frameworks.spec import NOT_LITERAL, code, literal

_BROADCAST = {cst.Add: "broadcast_add", cst.Subtract: "broadcast_sub", cst.Multiply: "broadcast_mul",
              cst.Divide: "broadcast_div", cst.Power: "broadcast_power", cst.Modulo: "broadcast_mod"}
_LOGICAL = {cst.BitAnd: "broadcast_logical_and", cst.BitOr: "broadcast_logical_or", cst.BitXor: "broadcast_logical_xor"}
_SCALAR_CALLS = frozenset({"int", "float", "len", "min", "max", "abs", "round", "sum", "range", "bool", "isinstance"})
_EQ = cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))


def is_scalar(node: cst.BaseExpression, names: set[str]) -> bool:
    """Does `node` hold a Python number (not an array)? Literals, names assigned one (`names`, which
    the engine keeps per function), `self.<value>`, math.*, int()/len()..., shapes, and arithmetic of these."""
    if isinstance(node, (cst.Integer, cst.Float, cst.Imaginary, cst.Tuple, cst.List, cst.SimpleString)):
        return True   # numbers, and Python sequences (`x.shape[:-1] + (h, d)` is a shape)
    if isinstance(node, cst.Name):
        return node.value in names or node.value in ("True", "False", "None")
    if isinstance(node, cst.UnaryOperation):
        return is_scalar(node.expression, names)
    if isinstance(node, cst.BinaryOperation):
        return is_scalar(node.left, names) and is_scalar(node.right, names)
    if isinstance(node, cst.Attribute):
        return m.matches(node, m.Attribute(value=m.Name("self"))) or node.attr.value in ("shape", "ndim", "size") \
            or isinstance(node.value, cst.Name) and node.value.value in ("math", "np")
    if isinstance(node, cst.Subscript):
        return is_scalar(node.value, names) or m.matches(node.value, m.Attribute(attr=m.Name("shape")))
    if isinstance(node, cst.Call):
        f = node.func
        if isinstance(f, cst.Name):
            return f.value in _SCALAR_CALLS
        return isinstance(f, cst.Attribute) and isinstance(f.value, cst.Name) and f.value.value == "math"
    return False


def tensor_operation(t, original: cst.BinaryOperation, node: cst.BinaryOperation) -> cst.BaseExpression:
    """`a op b` of two arrays in a forward -> F.broadcast_<op>(a, b); `a @ b` -> support/linalg.py
    matmul(F, a, b) (PyTorch's matmul of any ranks)."""
    if isinstance(node.operator, cst.MatrixMultiply) and t.in_forward:
        from nnport.frameworks.mxnet.support import helper
        name = helper(t.ctx, "linalg", "matmul")
        return cst.Call(cst.Name(name), [cst.Arg(cst.Name("F")), cst.Arg(node.left), cst.Arg(node.right)]).with_changes(
            lpar=node.lpar, rpar=node.rpar)
    return broadcast(node, t.int_names) if t.in_forward else node


def scalar_names(fn: cst.FunctionDef) -> set[str]:
    """Names a function binds to Python numbers: parameters with a number as default, and names
    assigned a scalar expression (in order)."""
    names = {p.name.value for p in fn.params.params if p.default is not None and is_scalar(p.default, set())}

    class V(cst.CSTVisitor):
        def visit_Assign(self, node):
            for t in node.targets:
                if isinstance(t.target, cst.Name):
                    (names.add if is_scalar(node.value, names) else names.discard)(t.target.value)
    fn.body.visit(V())
    return names


def broadcast(node: cst.BinaryOperation, scalars: set[str]) -> cst.BaseExpression:
    """`a op b` of two arrays (neither side a Python number) -> F.broadcast_<op>(a, b); `a & b` (| ^)
    where a side is a mask by its form (`m & (x > 0)`) -> F.broadcast_logical_and(a, b) (MXNet 1.x has
    no bitwise operators; a mask is 1/0)."""
    fn = _BROADCAST.get(type(node.operator))
    if fn is None and type(node.operator) in _LOGICAL and (is_mask(node.left) or is_mask(node.right)):
        fn = _LOGICAL[type(node.operator)]
    if fn is None or is_scalar(node.left, scalars) or is_scalar(node.right, scalars):
        return node
    bare = [x.with_changes(lpar=[], rpar=[]) if isinstance(x, (cst.BinaryOperation, cst.Comparison)) and x.lpar else x
            for x in (node.left, node.right)]
    return cst.Call(cst.parse_expression(f"F.{fn}"), [cst.Arg(bare[0]), cst.Arg(bare[1])]).with_changes(
        lpar=node.lpar, rpar=node.rpar)


def tensor_unary(t, original: cst.UnaryOperation, node: cst.UnaryOperation) -> cst.BaseExpression:
    """`~m` of an array -> F.logical_not(m) (the module docstring says why); other unary operators,
    and ~ of a Python number, stay. Outside a forward (where constructor arguments are numbers) only
    ~ of what is known to be an array (a translated tensor function, a comparison) is rewritten."""
    if not isinstance(node.operator, cst.BitInvert) or is_scalar(node.expression, t.int_names):
        return node
    if not t.in_forward and id(node.expression) not in t.tensors and not is_mask(node.expression):
        return node
    operand = node.expression.with_changes(lpar=[], rpar=[]) if node.expression.lpar else node.expression
    return cst.Call(cst.parse_expression("F.logical_not"), [cst.Arg(operand)]).with_changes(
        lpar=node.lpar, rpar=node.rpar)


def tensor_subscript(t, original: cst.Subscript, node: cst.Subscript) -> cst.BaseExpression:
    """`x[:, 0]` & co. of an array in a forward -> F.slice_axis / F.slice / F.squeeze / F.expand_dims."""
    from nnport.translate.calls import is_tensor_receiver
    if t.in_forward and _parameter_list(t, original.value):   # self.scales[i]: a Parameter, read
        return cst.Call(cst.Attribute(node, cst.Name("data")), [])
    if not t.in_forward or m.matches(original.value, m.Attribute(value=m.Name("self"))) or \
            m.matches(node.value, m.Attribute(attr=m.Name("shape"))) or \
            not is_tensor_receiver(t, original.value) or is_scalar(original.value, t.int_names):
        return node
    elements = [el.slice for el in node.slice]
    if len(elements) == 1 and isinstance(elements[0], cst.Index) and not _is_none(elements[0].value):
        if is_mask(elements[0].value):   # x[x > 0]: an NDArray reads a mask as integer indices
            from nnport.frameworks.mxnet.functions.indexing import mask_subscript
            return mask_subscript(node.value, elements[0].value, t.ctx)
        return node   # v[k]: a tuple's element (an array's row makes the file imperative)
    ell = [k for k, s in enumerate(elements) if isinstance(s, cst.Index) and isinstance(s.value, cst.Ellipsis)]
    if len(ell) > 1:
        return node
    out = node.value
    if ell:
        left, right = elements[:ell[0]], elements[ell[0] + 1:]
    else:
        left, right = elements, []
    ax = 0
    for s in left:
        out, ax = _apply(out, s, ax, ax)
        if out is None:
            return node
    kept = 0
    for s in reversed(right):
        out, kept2 = _apply(out, s, -(1 + kept), kept)
        if out is None:
            return node
        kept = kept2
    return out


_MASK_CALLS = ("F.logical_", "F.broadcast_logical_", "F.broadcast_equal", "F.broadcast_not_equal",
               "F.broadcast_greater", "F.broadcast_lesser")


def _parameter_list(t, node) -> bool:
    """Is `node` a ParameterList attribute of the class (`self.scales`)?"""
    attr = t.self_attr(node) if m.matches(node, m.Attribute(value=m.Name("self"), attr=m.Name())) else None
    return attr is not None and attr.kind == "container" and attr.container == "param_list"


def is_mask(v) -> bool:
    """A boolean mask by its form: a comparison, ~ & | ^ of masks, or the F.* call of one (1/0)."""
    if isinstance(v, cst.Comparison):
        return True
    if isinstance(v, cst.Call):
        return code(v.func).startswith(_MASK_CALLS)
    if isinstance(v, cst.UnaryOperation) and isinstance(v.operator, (cst.BitInvert, cst.Not)):
        return is_mask(v.expression)
    return isinstance(v, cst.BinaryOperation) and isinstance(v.operator, (cst.BitAnd, cst.BitOr, cst.BitXor)) and \
        (is_mask(v.left) or is_mask(v.right))


def _is_none(v) -> bool:
    return isinstance(v, cst.Name) and v.value == "None"


def _apply(x, s, axis: int, count: int):
    """One subscript element applied at `axis`; returns (expression, count of output axes so far)."""
    a = cst.Arg(cst.Integer(str(axis)) if axis >= 0 else cst.UnaryOperation(cst.Minus(), cst.Integer(str(-axis))),
                keyword=cst.Name("axis"), equal=_EQ)
    if isinstance(s, cst.Slice):
        if s.lower is None and s.upper is None and s.step is None:
            return x, count + 1
        if s.step is not None:
            return None, count   # a strided slice: F.slice needs every axis before it (left as it is)
        begin = s.lower if s.lower is not None else cst.Integer("0")
        end = s.upper if s.upper is not None else cst.Name("None")
        return cst.Call(cst.parse_expression("F.slice_axis"), [
            cst.Arg(x), a, cst.Arg(begin, keyword=cst.Name("begin"), equal=_EQ),
            cst.Arg(end, keyword=cst.Name("end"), equal=_EQ)]), count + 1
    v = s.value
    if _is_none(v):
        return cst.Call(cst.parse_expression("F.expand_dims"), [cst.Arg(x), a]), count + 1
    k = literal(v)
    if k is NOT_LITERAL or not isinstance(k, int) or isinstance(k, bool):
        return None, count
    end = cst.Name("None") if k == -1 else cst.parse_expression(str(k + 1))
    sliced = cst.Call(cst.parse_expression("F.slice_axis"), [
        cst.Arg(x), a, cst.Arg(v, keyword=cst.Name("begin"), equal=_EQ), cst.Arg(end, keyword=cst.Name("end"), equal=_EQ)])
    return cst.Call(cst.parse_expression("F.squeeze"), [cst.Arg(sliced), a]), count
