"""Pivot ops -> keras.ops: legacy typed constructors (torch.FloatTensor(2, 3)) and meshgrid."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.functions._registry import fn
from nnport.frameworks.keras.functions.tensor import sizes
from nnport.frameworks.spec import NOT_LITERAL, Unsupported
from nnport.translate.emit import call, expr


def _typed_tensor(c, ctx):
    """torch.FloatTensor(2, 3) -> ops.zeros((2, 3), dtype="float32") (PyTorch leaves it uninitialised);
    torch.LongTensor([..]) -> ops.convert_to_tensor([..], dtype="int64")."""
    dtype = repr(c.lit("dtype_name"))
    if c.given("data"):
        return expr(f"ops.convert_to_tensor({{d}}, dtype={dtype})", d=c.get("data"))
    return expr(f"ops.zeros({{s}}, dtype={dtype})", s=sizes(c.varargs))


def _spread(c, ctx):
    """`*tensors`, where one list/tuple literal stands for its elements (torch.meshgrid([x, y]))."""
    a = c.varargs
    if len(a) == 1 and isinstance(a[0], (cst.List, cst.Tuple)):
        return [e.value for e in a[0].elements]
    return list(a)


def _meshgrid(c, ctx):
    a = c.varargs
    if len(a) == 1 and not isinstance(a[0], (cst.List, cst.Tuple, cst.StarredElement)):
        raise Unsupported("torch.meshgrid(one argument): pass the tensors separately or as a list literal")
    indexing = c.lit("indexing")
    if indexing is NOT_LITERAL:
        raise Unsupported("torch.meshgrid with a non-literal indexing=")
    # PyTorch's default is 'ij' (NumPy's and Keras's is 'xy')
    return call("ops.meshgrid", _spread, indexing=repr(indexing or "ij"))(c, ctx)


fn("typed_tensor", "typed_tensor", _typed_tensor)
fn("keras.ops.meshgrid", "meshgrid", _meshgrid)
