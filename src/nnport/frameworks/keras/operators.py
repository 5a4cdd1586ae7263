"""Python operators and subscripts in translated Keras code, where TensorFlow's tensors differ from
PyTorch's (the engine asks the skeleton, which re-exports these):

- `table[index]` with an integer array as the index: TensorFlow tensors take none, so an index that is
  a keras.ops result becomes `ops.take(table, index, axis=k)`; so does a name that the same function
  passes as an index to ops.take or index_along elsewhere (`take_by_index_names`, on the output text);
- `a * b` with an integer array on one side and a float on the other: PyTorch promotes to float,
  TensorFlow's operators refuse, so the operation becomes `ops.multiply(a, b)` & co., which promote;
  likewise a boolean array (`x * (y > 0)`: TensorFlow's `*` casts x to bool).
"""
from __future__ import annotations

import re

import libcst as cst

# keras.ops results that are no integer index array (booleans select, shapes are tuples)
_NOT_INDEX_OPS = frozenset({"shape", "ndim", "size", "logical_and", "logical_or", "logical_not", "logical_xor",
                            "isnan", "isinf", "isfinite", "equal", "not_equal", "greater", "greater_equal",
                            "less", "less_equal", "any", "all", "isclose"})


def tensor_index(node: cst.Subscript, index_names: frozenset = frozenset()) -> cst.BaseExpression:
    """`table[ops.reshape(index, -1)]` (PyTorch's integer-array indexing): TensorFlow tensors take no
    tensor as an index, so an index that is a keras.ops result (or one of `index_names`), the other
    elements `:`, becomes `ops.take(table, index, axis=k)`. Other names, literals and slices stay
    subscripts."""
    elements = node.slice

    def full(el) -> bool:
        s = el.slice
        return isinstance(s, cst.Slice) and s.lower is None and s.upper is None and s.step is None

    def tensor(v) -> bool:   # a keras.ops result, or arithmetic on one
        if isinstance(v, cst.Name):
            return v.value in index_names
        if isinstance(v, cst.BinaryOperation):
            return not isinstance(v.operator, (cst.BitAnd, cst.BitOr, cst.BitXor)) and \
                (tensor(v.left) or tensor(v.right))
        return isinstance(v, cst.Call) and isinstance(v.func, cst.Attribute) and \
            isinstance(v.func.value, cst.Name) and v.func.value.value == "ops" and \
            v.func.attr.value not in _NOT_INDEX_OPS

    def ops_result(el) -> bool:
        return isinstance(el.slice, cst.Index) and tensor(el.slice.value)
    found = [k for k, el in enumerate(elements) if ops_result(el)]
    if len(found) != 1 or not all(full(el) for k, el in enumerate(elements) if k != found[0]):
        return node
    args = [cst.Arg(node.value), cst.Arg(elements[found[0]].slice.value),
            cst.Arg(cst.Integer(str(found[0])), keyword=cst.Name("axis"),
                    equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")))]
    return cst.Call(cst.parse_expression("ops.take"), args)


# calls that take an integer index array: the position of that argument
_INDEX_ARGUMENT = {"ops.take": 1, "ops.take_along_axis": 1, "index_along": 2}


def take_by_index_names(text: str) -> str:
    """`h[dst]` where the same function also passes `dst` as an index (`ops.take(h, dst, axis=0)`,
    `index_along(x, 0, dst, m)`): dst is an integer array, which TensorFlow tensors refuse as an
    index, so the subscript becomes `ops.take(h, dst, axis=0)` too."""
    if not re.search(r"ops\.take|index_along\(", text):
        return text
    return cst.parse_module(text).visit(_TakeByName()).code


class _IndexNames(cst.CSTVisitor):
    def __init__(self):
        super().__init__()
        self.found = set()

    def visit_Call(self, node):
        k = _INDEX_ARGUMENT.get(cst.Module([]).code_for_node(node.func))
        if k is not None and len(node.args) > k and node.args[k].keyword is None and \
                isinstance(node.args[k].value, cst.Name):
            self.found.add(node.args[k].value.value)


class _TakeByName(cst.CSTTransformer):
    def __init__(self):
        super().__init__()
        self.names: list[frozenset] = []
        self.storing = 0

    def visit_FunctionDef(self, node):
        found = _IndexNames()
        node.visit(found)
        self.names.append(frozenset(found.found))

    def leave_FunctionDef(self, original, updated):
        self.names.pop()
        return updated

    def visit_AssignTarget(self, node):
        self.storing += 1

    def leave_AssignTarget(self, original, updated):
        self.storing -= 1
        return updated

    def leave_Subscript(self, original, updated):
        if not self.names or not self.names[-1] or self.storing:
            return updated
        return tensor_index(updated, self.names[-1])


# ---- dtype promotion: TensorFlow's operators take no int tensor with a float --------------------------
# keras.ops results that may be integer arrays (an int arange, indices, a sum of booleans), and the ops
# that keep their argument's dtype
_INT_OPS = frozenset({"arange", "argmax", "argmin", "argsort", "sum", "count_nonzero", "cumsum"})
_SAME_DTYPE_OPS = frozenset({"expand_dims", "reshape", "maximum", "minimum", "clip", "squeeze", "transpose",
                             "swapaxes", "tile", "repeat", "broadcast_to", "abs", "negative", "take", "flip",
                             "roll", "stack", "concatenate", "ravel"})
_PROMOTING = {cst.Add: "add", cst.Subtract: "subtract", cst.Multiply: "multiply", cst.Divide: "divide",
              cst.FloorDivide: "floor_divide", cst.Modulo: "mod", cst.Power: "power"}


def _float(node: cst.BaseExpression) -> bool:
    """A float literal (`0.5`, `-0.5`)."""
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        node = node.expression
    return isinstance(node, cst.Float)


def may_be_int(node: cst.BaseExpression, int_names: set[str]) -> bool:
    """Might this translated expression be an integer (PyTorch's int64 `torch.arange(n)`) or boolean array?"""
    if isinstance(node, cst.Name):
        return node.value in int_names
    if isinstance(node, cst.Comparison):   # a boolean array: promoted like an integer one
        return True
    if isinstance(node, (cst.Subscript, cst.UnaryOperation)):
        return may_be_int(node.value if isinstance(node, cst.Subscript) else node.expression, int_names)
    if isinstance(node, cst.BinaryOperation):   # int op float, int / int: floats
        return not isinstance(node.operator, cst.Divide) and not (_float(node.left) or _float(node.right)) \
            and (may_be_int(node.left, int_names) or may_be_int(node.right, int_names))
    if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and
            isinstance(node.func.value, cst.Name) and node.func.value.value == "ops"):
        return False
    name, args = node.func.attr.value, node.args
    if name == "arange":
        return not any(isinstance(a.value, cst.Float) or a.keyword is not None and a.keyword.value == "dtype"
                       for a in args)
    if name in _INT_OPS:
        return True
    if name in ("stack", "concatenate") and args and isinstance(args[0].value, (cst.List, cst.Tuple)):
        return any(may_be_int(e.value, int_names) for e in args[0].value.elements)
    return name in _SAME_DTYPE_OPS and bool(args) and may_be_int(args[0].value, int_names)


def promoting_operation(node: cst.BinaryOperation, int_names: set[str]) -> cst.BaseExpression:
    """`a * b` where a side may be an integer array: `ops.multiply(a, b)`, which promotes dtypes like
    PyTorch (int * float -> float; `/` is always true division); TensorFlow's `*` refuses the mix."""
    fn = _PROMOTING.get(type(node.operator))
    if fn is None or not (may_be_int(node.left, int_names) or may_be_int(node.right, int_names)):
        return node
    bare = [x.with_changes(lpar=[], rpar=[]) if isinstance(x, (cst.BinaryOperation, cst.Comparison)) and x.lpar else x
            for x in (node.left, node.right)]
    return cst.Call(cst.parse_expression(f"ops.{fn}"), [cst.Arg(bare[0]), cst.Arg(bare[1])]).with_changes(
        lpar=node.lpar, rpar=node.rpar)
