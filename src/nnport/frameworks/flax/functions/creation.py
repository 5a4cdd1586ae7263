"""Pivot ops -> JAX: randperm (a key from the module's nnx.Rngs: same distribution, not PyTorch's
stream), tril/triu_indices, block_diag (logspace, cartesian_prod: frameworks/shape_functions.py).

Integer results are int32 where PyTorch gives int64 (JAX without jax_enable_x64); values are the same."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.flax.functions._registry import fn
from nnport.frameworks.spec import code
from nnport.translate.emit import call, expr

_LONG = ("torch.long", "torch.int64", "jnp.int64")


def _dtype(out: cst.BaseExpression, c) -> cst.BaseExpression:
    """`.astype(dtype)` unless dtype is PyTorch's default int64 (JAX's own int32 then)."""
    d = c.get("dtype")
    if d is None or code(d) in _LONG + ("None",) or c.lit("dtype") is None:
        return out
    return expr("{o}.astype({d})", o=out, d=d)


def _randperm(c, ctx):
    return _dtype(expr("jax.random.permutation({k}(), {n})", k=ctx.rngs(), n=c.get("n")), c)


def _indices(name: str):
    def emit(c, ctx):
        return _dtype(call("jnp.stack", call(f"jnp.{name}", "{row}", "{offset}", "{col}"))(c, ctx), c)
    return emit


fn("jax.random.permutation", "randperm", _randperm)
fn("jnp.tril_indices", "tril_indices", _indices("tril_indices"))
fn("jnp.triu_indices", "triu_indices", _indices("triu_indices"))
fn("jax.scipy.linalg.block_diag", "block_diag", call("jax.scipy.linalg.block_diag", "{*tensors}"))


def _typed_tensor(c, ctx):
    """torch.FloatTensor(2, 3) -> jnp.zeros((2, 3), jnp.float32); FloatTensor([..]) -> jnp.asarray."""
    dtype = f"jnp.{c.lit('dtype_name')}"
    if c.given("data"):
        return expr(f"jnp.asarray({{d}}, dtype={dtype})", d=c.get("data"))
    from nnport.frameworks.flax.functions.tensor import sizes
    return expr(f"jnp.zeros({{s}}, dtype={dtype})", s=sizes(c.varargs))


fn("typed_tensor", "typed_tensor", _typed_tensor)
