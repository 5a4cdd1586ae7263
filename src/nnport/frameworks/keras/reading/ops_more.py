"""Readers: more keras.ops (what the Keras writer emits for PyTorch's activations, element-wise math,
creation and shape ops) -> pivot ops with PyTorch's argument names. Keras' defaults are spelled in
the signatures (leaky_relu's negative_slope 0.2, soft_shrink's threshold 0.5); where PyTorch's default
differs the engine writes Keras' value."""
from __future__ import annotations

from nnport.frameworks.keras.reading.ops_keras import X, REDUCE, no_dtype, ops
from nnport.frameworks.keras.reading.source_registry import fn, lit
from nnport.frameworks.spec import Unsupported

X2 = {"x1": "input", "x2": "other"}

# activations: keras.ops name -> pivot op (one argument x)
for _n, _op in (("relu6", "relu6"), ("hard_sigmoid", "hardsigmoid"), ("hard_silu", "hardswish"),
                ("hard_swish", "hardswish"), ("softsign", "softsign"), ("log_sigmoid", "log_sigmoid"),
                ("selu", "selu"), ("tanh_shrink", "tanhshrink"), ("hard_tanh", "hardtanh")):
    ops(_n, _op, "x", rename=X)
fn("keras.activations.mish", "mish", "x", rename=X)
ops("celu", "celu", "x, alpha=1.0", rename=X)
ops("glu", "glu", "x, axis=-1", rename={"x": "input", "axis": "dim"})
ops("soft_shrink", "softshrink", "x, threshold=0.5", rename={"x": "input", "threshold": "lambd"})
ops("hard_shrink", "hardshrink", "x, threshold=0.5", rename={"x": "input", "threshold": "lambd"})

# element-wise math
for _n, _op in (("cos", "cos"), ("sin", "sin"), ("tan", "tan"), ("arccos", "acos"), ("arcsin", "asin"),
                ("arctan", "atan"), ("cosh", "cosh"), ("sinh", "sinh"), ("arcsinh", "asinh"),
                ("arccosh", "acosh"), ("arctanh", "atanh"), ("erfc", "erfc"), ("erfinv", "erfinv"),
                ("ceil", "ceil"), ("trunc", "trunc"), ("sign", "sign"), ("reciprocal", "reciprocal"),
                ("logical_not", "logical_not"), ("isnan", "isnan"), ("isinf", "isinf"),
                ("isfinite", "isfinite"), ("log2", "log2"), ("log10", "log10"), ("expm1", "expm1")):
    ops(_n, _op, "x", rename=X)
for _n, _op in (("arctan2", "atan2"), ("fmod", "fmod"), ("mod", "remainder"), ("floor_divide", "floor_divide"),
                ("logical_and", "logical_and"), ("logical_or", "logical_or"), ("logical_xor", "logical_xor"),
                ("divide", "div"), ("multiply", "mul"), ("add", "add"), ("subtract", "sub")):
    ops(_n, _op, "x1, x2", rename=X2)
ops("outer", "outer", "x1, x2", rename=X2)


def needs_axes(c, ctx):
    """An axis argument PyTorch requires (Keras' None: every axis, or the flattened input)."""
    for name in ("dims", "dim"):
        if name in c.args or name in c.defaults:
            if c.get(name) is None or c.lit(name) is None:
                raise Unsupported(f"{c.extra['api']} with axis=None: give the axes")
    return c


# shapes and creation
ops("swapaxes", "transpose", "x, axis1, axis2", rename={"x": "input", "axis1": "dim0", "axis2": "dim1"})
ops("moveaxis", "movedim", "x, source, destination", rename={"x": "input"})
ops("flip", "flip", "x, axis=None", rename={"x": "input", "axis": "dims"}, read=needs_axes)
ops("roll", "roll", "x, shift, axis=None", rename={"x": "input", "shift": "shifts", "axis": "dims"},
    read=needs_axes)
ops("tril", "tril", "x, k=0", rename={"x": "input", "k": "diagonal"})
ops("triu", "triu", "x, k=0", rename={"x": "input", "k": "diagonal"})
ops("unstack", "unbind", "x, num=None, axis=0", rename={"x": "input", "axis": "dim"}, ignore=("num",))
ops("zeros_like", "zeros_like", "x, dtype=None", rename=X, read=no_dtype)
ops("ones_like", "ones_like", "x, dtype=None", rename=X, read=no_dtype)
ops("full", "full", "shape, fill_value, dtype=None", rename={"shape": "size"}, read=no_dtype)
ops("full_like", "full_like", "x, fill_value, dtype=None", rename=X, read=no_dtype)
ops("logsumexp", "logsumexp", "x, axis=None, keepdims=False", rename=REDUCE, read=needs_axes)
for _n in ("any", "all"):
    ops(_n, _n, "x, axis=None, keepdims=False", rename=REDUCE)
ops("argmin", "argmin", "x, axis=None, keepdims=False", rename=REDUCE)


def eye(c, ctx):
    if c.given("k") and lit(c, "k") != 0:
        raise Unsupported("keras.ops.eye(k=...): PyTorch's eye has no diagonal offset")
    c.args.pop("k", None)
    c.defaults.pop("k", None)
    return no_dtype(c, ctx)


ops("eye", "eye", "N, M=None, k=0, dtype=None", rename={"N": "n", "M": "m"}, read=eye)
