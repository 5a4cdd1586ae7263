"""Pivot ops -> keras.ops: legacy typed constructors (torch.FloatTensor(2, 3)), meshgrid, randperm,
tril/triu_indices, block_diag (nn.Transformer.generate_square_subsequent_mask: frameworks/seq_functions.py).

randperm and tril/triu_indices give PyTorch's int64 (not Keras's default int32), so that they mix with
`.long()` tensors under TensorFlow as they do in PyTorch."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.functions._registry import fn
from nnport.frameworks.keras.functions.tensor import dtype_arg, sizes
from nnport.frameworks.keras.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Unsupported
from nnport.translate.emit import call, expr


def _typed_tensor(c, ctx):
    """torch.FloatTensor(2, 3) -> ops.zeros((2, 3), dtype="float32") (PyTorch leaves it uninitialised);
    torch.LongTensor([..]) -> ops.convert_to_tensor([..], dtype="int64")."""
    dtype = repr(c.lit("dtype_name"))
    if c.given("data"):
        return expr(f"ops.convert_to_tensor({{d}}, dtype={dtype})", d=c.get("data"))
    return expr(f"ops.zeros({{s}}, dtype={dtype})", s=sizes(c.varargs))


def spread(c, ctx):
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
    return call("ops.meshgrid", spread, indexing=repr(indexing or "ij"))(c, ctx)


fn("typed_tensor", "typed_tensor", _typed_tensor)
fn("keras.ops.meshgrid", "meshgrid", _meshgrid)


# --- randperm, index grids, block_diag, cartesian_prod, the causal mask --------------------------------------
def _int64(c, ctx):
    """dtype=, PyTorch's int64 unless given."""
    return (dtype_arg(c, ctx) if c.given("dtype") else None) or cst.SimpleString("'int64'")


def _randperm(c, ctx):
    """keras.random.shuffle of arange(n): a permutation, fresh on every call (not PyTorch's stream)."""
    return expr("keras.random.shuffle({a})", a=call("ops.arange", "{n}", dtype=_int64)(c, ctx))


def _indices(name: str):
    def emit(c, ctx):
        return call(helper(ctx, "shape", name), "{row}", "{col}", offset="{offset}", dtype=_int64,
                    sig="row, col, offset=0, dtype='int64'")(c, ctx)
    return emit


fn("randperm", "randperm", _randperm)
fn("tril_indices", "tril_indices", _indices("tril_indices"))
fn("triu_indices", "triu_indices", _indices("triu_indices"))
fn("block_diag", "block_diag", lambda c, ctx: call(helper(ctx, "shape", "block_diag"), "{*tensors}")(c, ctx))
