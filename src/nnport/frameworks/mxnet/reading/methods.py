"""Readers: NDArray methods (`x.reshape((0, -1))`, `x.sum(axis=1)`, `x.exp()`...) -> pivot ops, as the
operators they call (ops.py). Most are declared `(*args, **kwargs)` in MXNet and pass on to the
operator of the same name: their signatures here are the operator's, the array first."""
from __future__ import annotations


from nnport.frameworks.mxnet.reading import ops
from nnport.frameworks.mxnet.reading.registry import FUNCTIONS
from nnport.frameworks.keras.reading.source_registry import varargs_as
from nnport.frameworks.spec import Entry


def method(name: str, op: str, signature: str, **kw) -> Entry:
    return FUNCTIONS.add(Entry(f"Tensor.{name}", op, signature, kind="method", **kw))


def _shape_args(c, ctx):
    """x.reshape((2, 3)) or x.reshape(2, 3): the shape as one tuple."""
    return ops.reshape(varargs_as(c, "shape") if c.get("shape") is None else c, ctx)


def _axes_args(c, ctx):
    return ops.transpose(varargs_as(c, "dims"), ctx)


X = {"self": "input"}
method("reshape", "reshape", "self, *shape, reverse=False", rename=X, read=_shape_args)
method("transpose", "permute", "self, *axes", rename=X, read=_axes_args)
method("swapaxes", "transpose", "self, dim1, dim2", rename={"self": "input", "dim1": "dim0", "dim2": "dim1"})
method("expand_dims", "unsqueeze", "self, axis, inplace=False", rename={"self": "input", "axis": "dim"},
       ignore=("inplace",))
method("squeeze", "squeeze", "self, axis=None, inplace=False", rename={"self": "input", "axis": "dim"},
       read=ops._axis, ignore=("inplace",))
method("flatten", "flatten", "self, inplace=False", rename=X, read=ops.flatten, ignore=("inplace",))
for _n, _op in (("sum", "sum"), ("mean", "mean"), ("max", "amax"), ("min", "amin"), ("prod", "prod")):
    method(_n, _op, "self, axis=None, keepdims=False, exclude=False", rename={**X, "axis": "dim", "keepdims": "keepdim"},
           read=ops.reduce)
for _n in ("exp", "log", "sqrt", "square", "abs", "sign", "relu", "sigmoid", "tanh"):
    method(_n, _n, "self", rename=X)
method("softmax", "softmax", "self, axis=-1", rename={**X, "axis": "dim"})
method("clip", "clamp", "self, a_min, a_max", rename={**X, "a_min": "min", "a_max": "max"})
method("asscalar", "item", "self", rename=X)
method("asnumpy", "numpy", "self", rename=X)
