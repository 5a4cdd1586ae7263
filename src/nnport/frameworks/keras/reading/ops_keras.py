"""Readers: keras.ops / keras.activations / keras.random -> pivot ops (canonical = PyTorch's
argument names). Keras' axes are the same numbers as PyTorch's dims: Keras-to-PyTorch code keeps
Keras' channels-last layout, so no axis moves here."""
from __future__ import annotations

from nnport.frameworks.keras.reading.source_registry import attribute, fn, is_number, lit, written
from nnport.frameworks.spec import Unsupported

X = {"x": "input"}
REDUCE = {"x": "input", "axis": "dim", "keepdims": "keepdim"}


def ops(name: str, op: str, signature: str, **kw):
    return fn(f"keras.ops.{name}", op, signature, **kw)


def elementwise_max(c, ctx):
    """maximum(x, 1.0): PyTorch's maximum takes tensors only; a number is a clamp."""
    other = c.args.get("other")
    if other is not None and is_number(other):
        c.op = "clamp"
        c.args = {"input": c.args["input"], "min": c.args.pop("other")}
    elif c.args.get("input") is not None and is_number(c.args["input"]):
        c.op = "clamp"
        c.args = {"input": c.args["other"], "min": c.args["input"]}
    return c


def elementwise_min(c, ctx):
    other = c.args.get("other")
    if other is not None and is_number(other):
        c.op = "clamp"
        c.args = {"input": c.args["input"], "max": c.args.pop("other")}
    return c


def gelu(c, ctx):
    """approximate=True (keras.ops' default) is PyTorch's approximate='tanh'."""
    a = lit(c, "approximate")
    c.args.pop("approximate", None)
    c.defaults.pop("approximate", None)
    if a:
        c.set("approximate", "'tanh'")
    return c


def transpose(c, ctx):
    """transpose(x, axes): a permutation; without axes (every axis reversed) torch.t, which is that for
    up to 2 axes and raises for more (the rank is unknown here)."""
    if c.get("dims") is None or lit(c, "dims") is None:
        c.op = "t"
        c.args.pop("dims", None)
        c.defaults.pop("dims", None)
    return c


def relu_activation(c, ctx):
    """keras.activations.relu(x) with its defaults is relu; a slope, cap or threshold is not read."""
    for name, neutral in (("negative_slope", 0.0), ("max_value", None), ("threshold", 0.0)):
        if c.given(name) and lit(c, name) != neutral:
            raise Unsupported(f"keras.activations.relu({name}=...) is not translated")
        c.args.pop(name, None)
        c.defaults.pop(name, None)
    return c


def no_dtype(c, ctx):
    """dtype=: None (the default) dropped; a name ('int64') the target's dtype; an expression (x.dtype:
    the dtype of a tensor, the target's own there) kept."""
    from nnport.frameworks.spec import NOT_LITERAL
    value = c.lit("dtype") if c.given("dtype") else None
    if value is None:
        c.args.pop("dtype", None)
        c.defaults.pop("dtype", None)
    elif value is not NOT_LITERAL:
        return dtype_name(c, ctx)
    return c


DTYPES = ("float16", "float32", "float64", "bfloat16", "int8", "int16", "int32", "int64", "uint8", "bool")


def dtype_name(c, ctx):
    """A dtype given by name ('float32') is the target's dtype constant (the pivot's dtype_float32)."""
    from nnport.frameworks.spec import NOT_LITERAL
    name = c.lit("dtype")
    if name is not NOT_LITERAL and isinstance(name, str):
        if name not in DTYPES:
            raise Unsupported(f"dtype {name!r} is not translated")
        c.args["dtype"] = written(ctx, f"dtype_{name}")
    return c


def random_normal(c, ctx):
    """keras.random.normal(shape, mean, stddev): torch.normal(mean, std, size) (seeds differ)."""
    if c.given("seed"):
        ctx.note("keras.random.normal: seed= not carried over (PyTorch's global generator)")
    c.args.pop("seed", None)
    c.defaults.pop("seed", None)
    c.extra["spelled"] = {*c.extra.get("spelled", ()), "std"}   # torch.normal(mean, std, size): no default std
    return no_dtype(c, ctx)


ops("reshape", "reshape", "x, newshape", rename={"x": "input", "newshape": "shape"})
ops("shape", "shape", "x", rename=X)
ops("transpose", "permute", "x, axes=None", rename={"x": "input", "axes": "dims"}, read=transpose)
for _n in ("mean", "sum"):
    ops(_n, _n, "x, axis=None, keepdims=False", rename=REDUCE)
ops("max", "amax", "x, axis=None, keepdims=False, initial=None", rename=REDUCE, ignore=("initial",))
ops("min", "amin", "x, axis=None, keepdims=False, initial=None", rename=REDUCE, ignore=("initial",))
ops("softmax", "softmax", "x, axis=-1", rename={"x": "input", "axis": "dim"})
ops("log_softmax", "log_softmax", "x, axis=-1", rename={"x": "input", "axis": "dim"})
ops("gelu", "gelu", "x, approximate=True", rename=X, read=gelu)
for _n in ("relu", "sigmoid", "tanh", "exp", "sqrt", "square", "abs", "log", "silu", "negative"):
    ops(_n, "neg" if _n == "negative" else _n, "x", rename=X)
ops("maximum", "maximum", "x1, x2", rename={"x1": "input", "x2": "other"}, read=elementwise_max)
ops("minimum", "minimum", "x1, x2", rename={"x1": "input", "x2": "other"}, read=elementwise_min)
ops("matmul", "matmul", "x1, x2", rename={"x1": "input", "x2": "other"})
ops("concatenate", "cat", "xs, axis=0", rename={"xs": "tensors", "axis": "dim"})
ops("stack", "stack", "x, axis=0", rename={"x": "tensors", "axis": "dim"})
ops("broadcast_to", "expand", "x, shape", rename={"x": "input", "shape": "size"})
ops("expand_dims", "unsqueeze", "x, axis", rename={"x": "input", "axis": "dim"})
ops("tile", "tile", "x, repeats", rename={"x": "input", "repeats": "dims"})
def arange(c, ctx):
    """keras.ops.arange's step=None means 1 (PyTorch's default)."""
    if c.given("step") and lit(c, "step") is None:
        c.args.pop("step")
    c.defaults["step"] = "1"
    return no_dtype(c, ctx)


ops("arange", "arange", "start, stop=None, step=None, dtype=None", rename={"stop": "end"}, read=arange)
ops("zeros", "zeros", "shape, dtype=None", rename={"shape": "size"}, read=no_dtype)
ops("ones", "ones", "shape, dtype=None", rename={"shape": "size"}, read=no_dtype)
ops("cast", "asarray", "x, dtype", rename={"x": "data"}, read=dtype_name)
fn("keras.random.normal", "normal", "shape, mean=0.0, stddev=1.0, dtype=None, seed=None",
   rename={"shape": "size", "stddev": "std"}, read=random_normal)
for _n, _op in (("sigmoid", "sigmoid"), ("tanh", "tanh"), ("exponential", "exp"), ("silu", "silu")):
    fn(f"keras.activations.{_n}", _op, "x", rename=X)
fn("keras.activations.relu", "relu", "x, negative_slope=0.0, max_value=None, threshold=0.0", rename=X,
   read=relu_activation)
fn("keras.activations.gelu", "gelu", "x, approximate=False", rename=X, read=gelu)
fn("keras.activations.softmax", "softmax", "x, axis=-1", rename={"x": "input", "axis": "dim"})
for _n, _op in (("float32", "dtype_float32"), ("int32", "dtype_int32"), ("int64", "dtype_int64")):
    attribute(f"tensorflow.{_n}", _op)


# --- more ops: shapes, reductions, activations ------------------------------------------------------
def einsum(c, ctx):
    """einsum(subscripts, *operands): PyTorch's einsum takes the equation first among its *args."""
    c.varargs = [c.args.pop("subscripts"), *c.varargs]
    return c


def select(c, ctx):
    """where(condition, x, y); where(condition) alone gives indices, a data-dependent shape."""
    if any(c.get(n) is None or c.lit(n) is None for n in ("input", "other")):
        raise Unsupported(f"{c.extra['api']}(condition) without values: a data-dependent shape")
    return c


def population(c, ctx):
    """Keras' var/std divide by N (PyTorch's correction=0), not N - 1."""
    c.set("correction", "0")
    return c


def needs_axis(c, ctx):
    if c.get("dim") is None or c.lit("dim") is None:
        raise Unsupported(f"{c.extra['api']} over the flattened input (axis=None) is not translated")
    return no_dtype(c, ctx)


ops("squeeze", "squeeze", "x, axis=None", rename={"x": "input", "axis": "dim"})
ops("einsum", "einsum", "subscripts, *operands, **kwargs", read=einsum)
ops("where", "where", "condition, x1=None, x2=None", rename={"x1": "input", "x2": "other"}, read=select)
ops("prod", "prod", "x, axis=None, keepdims=False, dtype=None", rename=REDUCE, read=no_dtype)
ops("var", "var", "x, axis=None, keepdims=False", rename=REDUCE, read=population)
ops("std", "std", "x, axis=None, keepdims=False", rename=REDUCE, read=population)
ops("argmax", "argmax", "x, axis=None, keepdims=False", rename=REDUCE)
ops("cumsum", "cumsum", "x, axis=None, dtype=None", rename={"x": "input", "axis": "dim"}, read=needs_axis)
ops("clip", "clamp", "x, x_min, x_max", rename={"x": "input", "x_min": "min", "x_max": "max"})
ops("power", "pow", "x1, x2", rename={"x1": "input", "x2": "exponent"})
ops("leaky_relu", "leaky_relu", "x, negative_slope=0.2", rename=X)
ops("elu", "elu", "x, alpha=1.0", rename=X)
for _n, _op in (("softplus", "softplus"), ("swish", "silu"), ("erf", "erf"), ("log1p", "log1p"),
                ("rsqrt", "rsqrt"), ("floor", "floor")):
    ops(_n, _op, "x", rename=X)
