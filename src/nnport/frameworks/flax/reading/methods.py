"""Readers: jax.Array methods (`x.reshape(...)`, `x.mean(axis=-1)`, `x.T`, `x.astype(...)`) -> pivot ops,
as the jax.numpy functions they call (ops.py)."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.flax.reading import ops
from nnport.frameworks.flax.reading.registry import method
from nnport.frameworks.keras.reading.source_registry import varargs_as

X = {"self": "input"}
REDUCE = {"self": "input", "axis": "dim", "keepdims": "keepdim"}


def _shape_args(c, ctx):
    """x.reshape((2, 3)) or x.reshape(2, 3): the shape as one tuple."""
    return varargs_as(c, "shape")


def _axes_args(c, ctx):
    return ops.transpose(varargs_as(c, "dims"), ctx)


method("reshape", "reshape", "self, *shape, order='C'", rename=X, ignore=("order",), read=_shape_args)
method("transpose", "permute", "self, *axes", rename=X, read=_axes_args)
method("swapaxes", "transpose", "self, axis1, axis2", rename={"self": "input", "axis1": "dim0", "axis2": "dim1"})
method("squeeze", "squeeze", "self, axis=None", rename={"self": "input", "axis": "dim"}, read=ops.reduce)
for _n, _op in (("sum", "sum"), ("mean", "mean"), ("max", "amax"), ("min", "amin"), ("prod", "prod")):
    method(_n, _op, "self, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None",
           rename=REDUCE, read=ops.reduce)
for _n in ("var", "std"):
    method(_n, _n, "self, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=None",
           rename=REDUCE, read=ops.moments)
method("argmax", "argmax", "self, axis=None, out=None, keepdims=False", rename=REDUCE, read=ops.reduce)
method("clip", "clamp", "self, min=None, max=None", rename=X)
method("copy", "clone", "self", rename=X)
def astype(c, ctx):
    """x.astype(jnp.float32) -> the target's cast; a NumPy dtype (np.float32: a NumPy array, as in
    get_inputs()) stays as written."""
    from nnport.frameworks.spec import code
    if code(c.args["dtype"]).startswith(("np.", "numpy.")):
        c.extra["written"] = cst.parse_expression(f"{code(c.args['input'])}.astype({code(c.args['dtype'])})")
        return c
    return ops.dtype_name(c, ctx)


method("astype", "to_dtype", "self, dtype", rename=X, read=astype)
method("flatten", "flatten", "self, order='C'", rename=X, ignore=("order",))
# attributes: `x.size` is the number of elements in JAX (a method in PyTorch), `x.shape`, `x.ndim`
for _n, _op in (("size", "numel"), ("shape", "shape"), ("ndim", "ndim")):
    method(_n, _op, "self", rename=X, kind="attribute")
