"""Pivot ops -> keras.ops: legacy typed constructors (torch.FloatTensor(2, 3)), meshgrid, randperm,
tril/triu_indices, block_diag (nn.Transformer.generate_square_subsequent_mask: frameworks/seq_functions.py).

randperm and tril/triu_indices give PyTorch's int64 (not Keras's default int32), so that they mix with
`.long()` tensors under TensorFlow as they do in PyTorch."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.functions._registry import fn
from nnport.frameworks.keras.functions.tensor import dtype_arg, sizes
from nnport.frameworks.keras.support import helper
from nnport.frameworks.tensor_functions import meshgrid_indexing, spread
from nnport.translate.emit import call, expr


def _typed_tensor(c, ctx):
    """torch.FloatTensor(2, 3) -> ops.zeros((2, 3), dtype="float32") (PyTorch leaves it uninitialised);
    torch.LongTensor([..]) -> ops.convert_to_tensor([..], dtype="int64")."""
    dtype = repr(c.lit("dtype_name"))
    if c.given("data"):
        return expr(f"ops.convert_to_tensor({{d}}, dtype={dtype})", d=c.get("data"))
    return expr(f"ops.zeros({{s}}, dtype={dtype})", s=sizes(c.varargs))


def _meshgrid(c, ctx):
    # PyTorch's default is 'ij' (NumPy's and Keras's is 'xy')
    return call("ops.meshgrid", spread, indexing=repr(meshgrid_indexing(c)))(c, ctx)


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
