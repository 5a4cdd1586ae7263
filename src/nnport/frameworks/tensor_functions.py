"""Argument logic of tensor entries that the Flax, Keras and Gluon targets share modulo namespace: the
cast methods' dtypes, what `Tensor.to(...)` is given, torch.randint's positional bounds, torch.meshgrid's tensors (each target
writes the call in its own namespace)."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code
from nnport.translate.emit import expr


# Tensor cast methods (pivot ops) -> the dtype they cast to, by NumPy name
CASTS = {"float": "float32", "double": "float64", "half": "float16", "cast_bfloat16": "bfloat16", "long": "int64",
         "int": "int32", "cast_short": "int16", "cast_char": "int8", "cast_byte": "uint8", "bool": "bool"}


def _is_device(node, dtype_codes) -> bool:
    if isinstance(node, (cst.SimpleString, cst.Integer)) and code(node) not in dtype_codes:
        return True   # "cuda", "cpu", 0
    if isinstance(node, cst.Attribute) and node.attr.value == "device":
        return True
    text = code(node).lower()
    return "device" in text or text in ("dev", "cuda", "cpu")


def to_dtype(c, dtype_codes) -> cst.BaseExpression | None:
    """The dtype `x.to(...)` casts to (a dtype, or another tensor's `.dtype`); None for device moves
    only (no effect on the values). `dtype_codes`: the target's dtype constants as code."""
    args = list(c.varargs)
    if c.given("dtype"):
        args.append(c.get("dtype"))
    dtype = None
    for a in args:
        if code(a) == "None":
            continue
        if code(a) in dtype_codes or "dtype" in code(a).lower():
            dtype = a
        elif _is_device(a, dtype_codes):
            continue
        elif isinstance(a, (cst.Name, cst.Attribute, cst.Subscript, cst.Call)):
            dtype = expr("{o}.dtype", o=a)   # .to(other_tensor): other's dtype (device moves are no-ops)
        else:
            raise Unsupported(f"Tensor.to({code(a)}): not a dtype, device or tensor")
    return dtype


def randint_bounds(c) -> tuple[cst.BaseExpression, cst.BaseExpression, cst.BaseExpression]:
    """torch.randint(high, size) / (low, high, size) -> (low, high, size)."""
    a = list(c.varargs)
    if len(a) == 2:
        return cst.Integer("0"), a[0], a[1]
    if len(a) == 3:
        return a[0], a[1], a[2]
    raise Unsupported("torch.randint: expected (high, size) or (low, high, size) positionally")


def spread(c, ctx) -> list[cst.BaseExpression]:
    """`*tensors`, where one list/tuple literal stands for its elements (torch.meshgrid([x, y]))."""
    a = c.varargs
    if len(a) == 1 and isinstance(a[0], (cst.List, cst.Tuple)):
        return [e.value for e in a[0].elements]
    return list(a)


def meshgrid_indexing(c) -> str:
    """torch.meshgrid's indexing ('ij', PyTorch's default, where none is given), its tensors checked."""
    a = c.varargs
    if len(a) == 1 and not isinstance(a[0], (cst.List, cst.Tuple, cst.StarredElement)):
        raise Unsupported("torch.meshgrid(one argument): pass the tensors separately or as a list literal")
    indexing = c.lit("indexing")
    if indexing is NOT_LITERAL:
        raise Unsupported("torch.meshgrid with a non-literal indexing=")
    return indexing or "ij"
