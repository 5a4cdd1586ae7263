"""Readers of what the Flax writer writes that no plain inverse gives (inverse.py reads the plain ones):
jax.lax.collapse (flatten), jax.random.randint, jnp.full_like, jnp.repeat, jnp.linalg.vector_norm,
the dtypes astype / casts name, jax.Array (isinstance checks, annotations).

Where JAX differs: collapse's `stop` is exclusive (PyTorch's end_dim = stop - 1); randint draws int32
(PyTorch: int64, the index type its layers take); jnp.repeat and repeat_interleave both flatten
without an axis.
"""
from __future__ import annotations

from nnport.frameworks.flax.reading.ops import REDUCE, key_first, plain
from nnport.frameworks.flax.reading.registry import drop, fn
from nnport.frameworks.spec import NOT_LITERAL, Unsupported


def collapse(c, ctx):
    """jax.lax.collapse(x, start, stop=None): flatten(x, start, stop - 1); no stop: to the last axis."""
    stop = c.lit("stop")
    if stop is NOT_LITERAL or c.lit("start_dim") is NOT_LITERAL:
        raise Unsupported("jax.lax.collapse with non-literal axes")
    drop(c, "stop")
    if stop is not None:
        if stop == 0:
            raise Unsupported("jax.lax.collapse(stop=0)")
        c.set("end_dim", repr(stop - 1))
    return c


def randint(c, ctx):
    """jax.random.randint(key, shape, minval, maxval): torch.randint(low, high, size)."""
    key_first(c, ctx)
    if c.given("dtype") and c.lit("dtype") is not None:
        raise Unsupported("jax.random.randint(dtype=...) is not translated")
    drop(c, "dtype")
    c.varargs = [c.args.pop("minval"), c.args.pop("maxval"), c.args.pop("shape")]
    return c


ENTRIES = [
    fn("jax.lax.collapse", "flatten", "operand, start_dimension, stop_dimension=None",
        rename={"operand": "input", "start_dimension": "start_dim", "stop_dimension": "stop"}, read=collapse),
    fn("jax.random.randint", "randint", "key, shape, minval, maxval, dtype=None", read=randint),
    fn("jax.numpy.full_like", "full_like", "a, fill_value, dtype=None, shape=None, *, device=None",
        rename={"a": "input"}, ignore=("device",), read=plain),
    fn("jax.numpy.repeat", "repeat_interleave", "a, repeats, axis=None, *, total_repeat_length=None",
        rename={"a": "input", "axis": "dim", "total_repeat_length": "output_size"}),
    fn("jax.numpy.linalg.vector_norm", "vector_norm", "x, /, *, axis=None, keepdims=False, ord=2",
        rename={k: v for k, v in REDUCE.items() if k != "a"} | {"x": "input"}),
    *(fn(f"jax.numpy.{n}", f"dtype_{n}", "", kind="attribute")
      for n in ("float16", "float64", "bfloat16", "int8", "int16", "uint8", "bool")),
    fn("jax.Array", "tensor_type", "", kind="attribute"),
]
