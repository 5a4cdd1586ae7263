"""Readers: more keras.ops (what the Keras writer emits for PyTorch's activations, element-wise math,
creation and shape ops) -> pivot ops with PyTorch's argument names. Keras' defaults are spelled in
the signatures (leaky_relu's negative_slope 0.2, soft_shrink's threshold 0.5); where PyTorch's default
differs the engine writes Keras' value."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.reading.ops_keras import X, REDUCE, dtype_name, no_dtype, ops
from nnport.frameworks.keras.reading.source_registry import fn, lit
from nnport.frameworks.spec import Unsupported, code
from nnport.translate import reading

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
    if c.get("m") is not None and c.lit("m") is None:   # M=None: square (torch.eye takes no None)
        c.args.pop("m", None)
    c.defaults.pop("m", None)
    return no_dtype(c, ctx)


ops("eye", "eye", "N, M=None, k=0, dtype=None", rename={"N": "n", "M": "m"}, read=eye)


# --- more math, reductions, indexing ------------------------------------------------------------------
for _n in ("exp2", "isposinf", "isneginf"):
    ops(_n, _n, "x", rename=X)
for _n in ("fmax", "fmin", "hypot", "inner"):
    ops(_n, _n, "x1, x2", rename=X2)
ops("isclose", "isclose", "x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False", rename=X2)
ops("nan_to_num", "nan_to_num", "x, nan=0.0, posinf=None, neginf=None", rename=X)
for _n in ("nansum", "nanmean"):
    ops(_n, _n, "x, axis=None, keepdims=False", rename=REDUCE)
def needs_axis(c, ctx):
    return no_dtype(needs_axes(c, ctx), ctx)


ops("cumprod", "cumprod", "x, axis=None, dtype=None", rename={"x": "input", "axis": "dim"}, read=needs_axis)
ops("count_nonzero", "count_nonzero", "x, axis=None", rename={"x": "input", "axis": "dim"})
ops("round", "round", "x, decimals=0", rename=X)
ops("diag", "diag", "x, k=0", rename={"x": "input", "k": "diagonal"})
ops("diagonal", "diagonal", "x, offset=0, axis1=0, axis2=1", rename={"x": "input", "axis1": "dim1", "axis2": "dim2"})
ops("argsort", "argsort", "x, axis=-1", rename={"x": "input", "axis": "dim"})
ops("top_k", "topk", "x, k, sorted=True", rename=X)
ops("norm", "linalg_norm", "x, ord=None, axis=None, keepdims=False", rename=REDUCE)
ops("repeat", "repeat_interleave", "x, repeats, axis=None", rename={"x": "input", "axis": "dim"})
ops("take_along_axis", "take_along_dim", "x, indices, axis=None", rename={"x": "input", "axis": "dim"})
ops("ndim", "ndim", "x", rename=X)
ops("stop_gradient", "detach", "variable", rename={"variable": "input"})
ops("hstack", "hstack", "xs", rename={"xs": "tensors"})


def take(c, ctx):
    """take(x, indices): torch.take (the flattened input); with an axis: index_select, which takes
    1-D indices only (PyTorch raises for others: nothing is computed wrong)."""
    if c.get("dim") is not None and c.lit("dim") is not None:
        c.op = "index_select"
    else:
        c.args.pop("dim", None)
        c.defaults.pop("dim", None)
    return c


ops("take", "take", "x, indices, axis=None", rename={"x": "input", "indices": "index", "axis": "dim"}, read=take)
ops("convert_to_tensor", "asarray", "x, dtype=None, sparse=None, ragged=None", rename={"x": "data"},
    ignore=("sparse", "ragged"), read=dtype_name)


def linspace(c, ctx):
    """linspace(start, stop, num=50, endpoint=True): torch.linspace(start, end, steps)."""
    for name, neutral in (("endpoint", True), ("retstep", False), ("axis", 0)):
        if c.given(name) and lit(c, name) != neutral:
            raise Unsupported(f"keras.ops.linspace({name}=...) is not translated")
        c.args.pop(name, None)
        c.defaults.pop(name, None)
    if not c.given("steps"):
        c.set("steps", "50")
    return no_dtype(c, ctx)


ops("linspace", "linspace", "start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0",
    rename={"stop": "end", "num": "steps"}, read=linspace)


def random_seedless(c, ctx):
    if c.given("seed"):
        ctx.note(f"{c.extra['api']}: seed= not carried over (PyTorch's global generator)")
    c.args.pop("seed", None)
    c.defaults.pop("seed", None)
    return c


def uniform(c, ctx):
    """keras.random.uniform(shape) on [0, 1): torch.rand(*shape); other bounds (any expression):
    torch.rand(*shape) * (maxval - minval) + minval, the same distribution."""
    random_seedless(c, ctx)
    bounds = {}
    for name, neutral in (("minval", 0.0), ("maxval", 1.0)):
        if c.given(name) and c.lit(name) != neutral:
            bounds[name] = c.args[name]
        c.args.pop(name, None)
        c.defaults.pop(name, None)
    c.varargs = [c.args.pop("size")]
    c = no_dtype(c, ctx)
    if bounds:
        c.extra["written"] = _scaled(reading.write(reading.target_entry(ctx.dst.functions, "rand", c.extra["api"], c),
                                                   c, ctx), bounds.get("minval"), bounds.get("maxval"))
    return c


def _scaled(rand: cst.BaseExpression, low, high) -> cst.BaseExpression:
    """`rand` on [0, 1) moved to [low, high) (None: Keras' default bound 0 / 1)."""
    low_text = "0.0" if low is None else _atom(low)
    high_text = "1.0" if high is None else _atom(high)
    out = cst.parse_expression(f"__r * ({high_text} - {low_text})" + ("" if low is None else f" + {low_text}"))
    return out.visit(_Put(rand))


def _atom(node) -> str:
    """The expression's text, parenthesised unless it is a name, number or attribute."""
    text = code(node)
    return text if isinstance(node, (cst.Name, cst.Integer, cst.Float, cst.Attribute)) else f"({text})"


class _Put(cst.CSTTransformer):
    def __init__(self, node):
        self.node = node

    def leave_Name(self, original, updated):
        return self.node if updated.value == "__r" else updated


def randint(c, ctx):
    """keras.random.randint(shape, minval, maxval): torch.randint(low, high, size), PyTorch's int64
    (Keras' default int32: the same values)."""
    random_seedless(c, ctx)
    if c.given("dtype") and lit(c, "dtype") not in ("int32", "int64"):
        raise Unsupported("keras.random.randint(dtype=...) other than int32/int64")
    c.args.pop("dtype", None)
    c.defaults.pop("dtype", None)
    c.varargs = [c.args.pop("low"), c.args.pop("high"), c.args.pop("size")]
    return c


def dropout(c, ctx):
    """keras.random.dropout: always applied (no training flag), scaled by 1 / (1 - rate)."""
    random_seedless(c, ctx)
    if c.get("noise_shape") is not None and c.lit("noise_shape") is not None:
        raise Unsupported("keras.random.dropout(noise_shape=...) is not translated")
    c.args.pop("noise_shape", None)
    c.defaults.pop("noise_shape", None)
    c.set("training", "True")
    return c


fn("keras.random.uniform", "rand", "shape, minval=0.0, maxval=1.0, dtype=None, seed=None", rename={"shape": "size"},
   read=uniform)
fn("keras.random.randint", "randint", "shape, minval, maxval, dtype='int32', seed=None",
   rename={"shape": "size", "minval": "low", "maxval": "high"}, read=randint)
fn("keras.random.dropout", "dropout", "inputs, rate, noise_shape=None, seed=None", rename={"inputs": "input", "rate": "p"},
   read=dropout)


def meshgrid(c, ctx):
    """meshgrid(*x, indexing='xy'): Keras' default spelled (torch.meshgrid's is 'ij')."""
    c.set("indexing", repr(lit(c, "indexing")))
    return c


ops("meshgrid", "meshgrid", "*x, indexing='xy'", read=meshgrid)
ops("split", "tensor_split", "x, indices_or_sections, axis=0", rename={"x": "input", "axis": "dim"})
