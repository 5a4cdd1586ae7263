"""Readers: jax.numpy / jax.nn (and nnx's re-exports) / jax.lax / jax.random -> pivot ops (canonical =
PyTorch's argument names). The translated model keeps Flax's channels-last layout at its boundary
and between layers, so axes are the same numbers in both: no axis moves here.

Where JAX differs: var/std divide by N (ddof=0: PyTorch's correction=0); jax.nn.gelu's default is the
tanh approximation; jnp.split(x, n) with a number is chunk; jax.random.* take a key first (dropped:
PyTorch's generator draws, prepare.py notes it once).
"""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from nnport.frameworks.flax.reading.registry import drop, fn
from nnport.frameworks.keras.reading.ops_keras import (dtype_name, einsum, elementwise_max, elementwise_min,
                                                       gelu, population, select)
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code

A = {"a": "input"}
X = {"x": "input"}
REDUCE = {"a": "input", "axis": "dim", "keepdims": "keepdim"}
_RED = "a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None"


def jnp(name: str, op: str, signature: str, **kw):
    return fn(f"jax.numpy.{name}", op, signature, **kw)


def nn(name: str, op: str, signature: str, **kw):
    """jax.nn.<name> and its nnx re-export flax.nnx.<name>."""
    fn(f"jax.nn.{name}", op, signature, **kw)
    fn(f"flax.nnx.{name}", op, signature, **kw)


def plain(c, ctx):
    """Arguments that must keep their defaults (out=, where=, initial=, dtype=)."""
    for name in ("out", "where", "initial", "dtype", "promote_integers", "mode"):
        v = c.args.get(name)
        if v is not None and c.lit(name) is not None:
            raise Unsupported(f"{c.extra['api']}({name}=...) is not translated")
        drop(c, name)
    return c


def _python_number(node) -> bool:
    """A number that is no array: a literal, or a size read from a shape (`x.shape[-1]`)."""
    from nnport.frameworks.keras.reading.source_registry import is_number
    return is_number(node) or (isinstance(node, cst.Subscript) and m.matches(node.value, m.Attribute(attr=m.Name("shape"))))


def unary(c, ctx):
    """jnp.sqrt(d) of a Python number (a literal, `x.shape[-1]`): math.sqrt, as PyTorch's functions take tensors."""
    plain(c, ctx)
    x = c.args.get("input")
    name = c.extra["api"].rsplit(".", 1)[1]
    if x is not None and name in ("sqrt", "exp", "log") and _python_number(x):
        c.extra["written"] = cst.Call(cst.parse_expression(f"math.{name}"), [cst.Arg(x)])
    return c


def reduce(c, ctx):
    plain(c, ctx)
    if c.given("dim") and c.lit("dim") is None:
        drop(c, "dim")
    return c


def moments(c, ctx):
    """var/std: ddof (JAX's default 0) is PyTorch's correction."""
    ddof = c.lit("ddof") if c.given("ddof") else 0
    if ddof is NOT_LITERAL:
        raise Unsupported(f"{c.extra['api']}(ddof=...) must be a literal")
    drop(c, "ddof", "correction")
    reduce(c, ctx)
    if ddof == 0:
        return population(c, ctx)
    c.set("correction", repr(ddof))
    return c


def shape_args(c, ctx):
    """zeros((2, 3)) / ones(shape): the shape as PyTorch's size; dtype by name or jnp.<dtype>."""
    c = dtype_name(c, ctx)
    return c


def split(c, ctx):
    n = c.lit("sections")
    if isinstance(n, int):
        c.op = "chunk"
        c.args["chunks"] = c.args.pop("sections")
        return c
    c.op = "tensor_split"   # at indices: PyTorch's tensor_split takes them as jnp.split does
    c.args["indices_or_sections"] = c.args.pop("sections")
    return c


def nones_dropped(**torch_defaults):
    """arange(0, n, None) / eye(n, None): an argument given as None is PyTorch's default (PyTorch
    refuses None there: its default written, or left out where it is None); eye's diagonal offset k
    only at 0 (torch.eye has none)."""
    def read(c, ctx):
        for name, default in torch_defaults.items():
            if c.get(name) is not None and code(c.get(name)) == "None":
                c.args.pop(name, None)
                c.defaults.pop(name, None)
                if default is not None:
                    c.set(name, default)
        if c.get("k") is not None and c.lit("k") not in (0, None):
            raise Unsupported("jnp.eye(k=...): an offset diagonal is not translated")
        c.args.pop("k", None)
        c.defaults.pop("k", None)
        return shape_args(c, ctx)
    return read


def transpose(c, ctx):
    if c.get("dims") is None or c.lit("dims") is None:
        raise Unsupported("jnp.transpose without axes: the rank is unknown here; give the axes (or use .T)")
    return c


def joined(c, ctx):
    return plain(c, ctx)


def key_first(c, ctx):
    """jax.random.<fn>(key, ...): the key is dropped (PyTorch's generator draws)."""
    drop(c, "key")
    plain(c, ctx)
    if c.given("shape") and c.lit("shape") in ((), None):
        raise Unsupported(f"{c.extra['api']} without a shape")
    return c


def random_normal(c, ctx):
    """normal(key, x.shape, x.dtype) is randn_like(x) (as the Flax writer writes it); another dtype: randn's."""
    from nnport.frameworks.spec import code
    dtype = c.args.pop("dtype", None)
    key_first(c, ctx)
    shape = c.args.pop("shape")
    shape_of = shape.value if m.matches(shape, m.Attribute(attr=m.Name("shape"))) else None
    if dtype is not None and shape_of is not None and m.matches(dtype, m.Attribute(attr=m.Name("dtype"))) \
            and code(dtype.value) == code(shape_of):
        c.op = "randn_like"
        c.set("input", shape_of)
        return c
    c.op = "randn"
    c.varargs = [shape]
    if dtype is not None and code(dtype) != "None":
        c.set("dtype", dtype)
    return c


def random_uniform(c, ctx):
    key_first(c, ctx)
    if (c.lit("minval"), c.lit("maxval")) != (0.0, 1.0):
        raise Unsupported("jax.random.uniform with minval/maxval other than 0, 1 is not translated")
    drop(c, "minval", "maxval")
    c.op = "rand"
    c.varargs = [c.args.pop("shape")]
    return c


def random_bernoulli(c, ctx):
    """bernoulli(key, p, shape) -> torch.bernoulli(torch.full(shape, p)) (a bool mask in JAX)."""
    drop(c, "key")
    from nnport.frameworks.keras.reading.source_registry import written
    if c.get("shape") is None or c.lit("shape") is None:
        raise Unsupported("jax.random.bernoulli without a shape")
    full = written(ctx, "full", size=c.args["shape"], fill_value=c.get("p"))
    c.extra["written"] = cst.Comparison(written(ctx, "bernoulli", input=full),
                                        [cst.ComparisonTarget(cst.Equal(), cst.Float("1.0"))])
    return c


# ---- jax.numpy ------------------------------------------------------------------------------
for _n in ("exp", "log", "sqrt", "tanh", "abs", "square", "sin", "cos", "floor", "ceil", "sign", "log1p",
           "expm1", "negative", "reciprocal", "logical_not", "isnan", "round"):
    jnp(_n, {"negative": "neg", "round": "round"}.get(_n, _n), "x, /, out=None, where=None", rename=X, read=unary)
jnp("absolute", "abs", "x, /", rename=X)
for _n, _op in (("mean", "mean"), ("sum", "sum"), ("prod", "prod")):
    jnp(_n, _op, _RED, rename=REDUCE, read=reduce)
jnp("max", "amax", _RED, rename=REDUCE, read=reduce)
jnp("min", "amin", _RED, rename=REDUCE, read=reduce)
jnp("amax", "amax", _RED, rename=REDUCE, read=reduce)
for _n in ("var", "std"):
    jnp(_n, _n, "a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=None, correction=None",
        rename=REDUCE, read=moments)
jnp("argmax", "argmax", "a, axis=None, out=None, keepdims=False", rename=REDUCE, read=reduce)
jnp("argmin", "argmin", "a, axis=None, out=None, keepdims=False", rename=REDUCE, read=reduce)
jnp("cumsum", "cumsum", "a, axis=None, dtype=None, out=None", rename={"a": "input", "axis": "dim"}, read=plain)
jnp("matmul", "matmul", "a, b, *, precision=None, preferred_element_type=None", rename={"a": "input", "b": "other"},
    ignore=("precision", "preferred_element_type"))
jnp("einsum", "einsum", "subscripts, *operands, out=None, optimize='auto', precision=None, "
    "preferred_element_type=None", ignore=("out", "optimize", "precision", "preferred_element_type"), read=einsum)
jnp("maximum", "maximum", "x, y, /", rename={"x": "input", "y": "other"}, read=elementwise_max)
jnp("minimum", "minimum", "x, y, /", rename={"x": "input", "y": "other"}, read=elementwise_min)
jnp("power", "pow", "x, y, /", rename={"x": "input", "y": "exponent"})
jnp("clip", "clamp", "arr=None, /, min=None, max=None", rename={"arr": "input"})
jnp("where", "where", "condition, x=None, y=None, /, *, size=None, fill_value=None",
    rename={"x": "input", "y": "other"}, ignore=("size", "fill_value"), read=select)
jnp("concatenate", "cat", "arrays, axis=0, dtype=None", rename={"arrays": "tensors", "axis": "dim"}, read=joined)
jnp("stack", "stack", "arrays, axis=0, out=None, dtype=None", rename={"arrays": "tensors", "axis": "dim"},
    read=joined)
jnp("reshape", "reshape", "a, shape=None, order='C', *, copy=None", rename={"a": "input"}, ignore=("order", "copy"))
jnp("transpose", "permute", "a, axes=None", rename={"a": "input", "axes": "dims"}, read=transpose)
jnp("swapaxes", "transpose", "a, axis1, axis2", rename={"a": "input", "axis1": "dim0", "axis2": "dim1"})
jnp("moveaxis", "movedim", "a, source, destination", rename={"a": "input"})
jnp("expand_dims", "unsqueeze", "a, axis", rename={"a": "input", "axis": "dim"})
jnp("squeeze", "squeeze", "a, axis=None", rename={"a": "input", "axis": "dim"}, read=reduce)
jnp("broadcast_to", "expand", "array, shape", rename={"array": "input", "shape": "size"})
jnp("tile", "tile", "A, reps", rename={"A": "input", "reps": "dims"})
jnp("split", "split", "ary, indices_or_sections, axis=0",
    rename={"ary": "input", "indices_or_sections": "sections", "axis": "dim"}, read=split)
jnp("tril", "tril", "m, k=0", rename={"m": "input", "k": "diagonal"})
jnp("triu", "triu", "m, k=0", rename={"m": "input", "k": "diagonal"})
jnp("flip", "flip", "m, axis=None", rename={"m": "input", "axis": "dims"})
jnp("copy", "clone", "a, order=None", rename={"a": "input"}, ignore=("order",))
jnp("zeros", "zeros", "shape, dtype=None, *, device=None, out_sharding=None", rename={"shape": "size"},
    ignore=("device", "out_sharding"), read=shape_args)
jnp("ones", "ones", "shape, dtype=None, *, device=None, out_sharding=None", rename={"shape": "size"},
    ignore=("device", "out_sharding"), read=shape_args)
jnp("full", "full", "shape, fill_value, dtype=None, *, device=None", rename={"shape": "size"},
    ignore=("device",), read=shape_args)
jnp("zeros_like", "zeros_like", "a, dtype=None, shape=None, *, device=None", rename=A, ignore=("device",), read=plain)
jnp("ones_like", "ones_like", "a, dtype=None, shape=None, *, device=None", rename=A, ignore=("device",), read=plain)
jnp("arange", "arange", "start, stop=None, step=None, dtype=None, *, device=None",
    rename={"stop": "end"}, ignore=("device",), read=nones_dropped(end=None, step="1"))
jnp("eye", "eye", "N, M=None, k=0, dtype=None", rename={"N": "n", "M": "m"}, read=nones_dropped(m=None))
jnp("array", "asarray", "object, dtype=None, copy=True, order='K', ndmin=0, *, device=None",
    rename={"object": "data"}, ignore=("copy", "order", "ndmin", "device"), read=dtype_name)
jnp("asarray", "asarray", "a, dtype=None, order=None, *, copy=None, device=None", rename={"a": "data"},
    ignore=("order", "copy", "device"), read=dtype_name)
jnp("logsumexp", "logsumexp", "a, axis=None, b=None, keepdims=False, return_sign=False",
    rename=REDUCE, read=reduce)
for _n in ("float32", "int32", "int64", "bool_"):
    fn(f"jax.numpy.{_n}", f"dtype_{_n.rstrip('_')}", "", kind="attribute")

# ---- jax.nn / nnx activations ---------------------------------------------------------------
for _n, _op in (("relu", "relu"), ("sigmoid", "sigmoid"), ("silu", "silu"), ("swish", "silu"),
                ("softplus", "softplus"), ("relu6", "relu6"), ("soft_sign", "softsign"), ("tanh", "tanh"),
                ("log_sigmoid", "log_sigmoid"), ("hard_swish", "hardswish"), ("hard_sigmoid", "hardsigmoid"),
                ("mish", "mish"), ("selu", "selu")):
    nn(_n, _op, "x", rename=X)
nn("hard_tanh", "hardtanh", "x", rename=X)   # bounds -1, 1: PyTorch's defaults
nn("gelu", "gelu", "x, approximate=True", rename=X, read=gelu)
nn("elu", "elu", "x, alpha=1.0", rename=X)
nn("celu", "celu", "x, alpha=1.0", rename=X)
nn("leaky_relu", "leaky_relu", "x, negative_slope=0.01", rename=X)
nn("softmax", "softmax", "x, axis=-1, where=None", rename={"x": "input", "axis": "dim"}, read=plain)
nn("log_softmax", "log_softmax", "x, axis=-1, where=None", rename={"x": "input", "axis": "dim"}, read=plain)
nn("glu", "glu", "x, axis=-1", rename={"x": "input", "axis": "dim"})
fn("jax.nn.logsumexp", "logsumexp", "a, axis=None, b=None, keepdims=False, return_sign=False", rename=REDUCE,
   read=reduce)

def one_hot(c, ctx):
    """jax.nn.one_hot(x, n) is float32 (PyTorch's one_hot: int64): the target's one_hot, then float."""
    from nnport.frameworks.keras.reading.source_registry import written
    plain(c, ctx)
    if c.given("dim") and c.lit("dim") != -1:
        raise Unsupported("jax.nn.one_hot(axis=...) other than -1 is not translated")
    drop(c, "dim")
    c.extra["written"] = written(ctx, "float", input=written(ctx, "one_hot", input=_long(ctx, c.args["input"]),
                                                             num_classes=c.args["num_classes"]))
    return c


def _long(ctx, index):
    """JAX's integers are int32 by default; PyTorch's one_hot and gathers take int64 indices only."""
    from nnport.frameworks.keras.reading.source_registry import written
    return written(ctx, "long", input=index)


def take_along(c, ctx):
    plain(c, ctx)
    c.set("indices", _long(ctx, c.args["indices"]))
    return c


nn("one_hot", "one_hot", "x, num_classes, *, dtype=None, axis=-1", rename={"x": "input", "axis": "dim"}, read=one_hot)
jnp("take_along_axis", "take_along_dim", "arr, indices, axis, mode=None, fill_value=None",
    rename={"arr": "input", "axis": "dim"}, ignore=("fill_value",), read=take_along)

# ---- jax.lax ----------------------------------------------------------------------------------
fn("jax.lax.stop_gradient", "detach", "x", rename=X)
for _n in ("rsqrt", "erf", "exp", "log", "tanh", "abs", "sqrt", "sin", "cos", "neg", "sign", "floor", "ceil",
           "logistic"):
    fn(f"jax.lax.{_n}", {"logistic": "sigmoid"}.get(_n, _n), "x", rename=X)
for _n, _op in (("max", "maximum"), ("min", "minimum"), ("add", "add"), ("sub", "sub"), ("mul", "mul"),
                ("div", "div")):
    fn(f"jax.lax.{_n}", _op, "x, y", rename={"x": "input", "y": "other"})
fn("jax.scipy.special.erf", "erf", "x", rename=X)

# ---- jax.random ---------------------------------------------------------------------------------
fn("jax.random.normal", "randn", "key, shape=(), dtype=None", read=random_normal)
fn("jax.random.uniform", "rand", "key, shape=(), dtype=None, minval=0.0, maxval=1.0", read=random_uniform)
fn("jax.random.bernoulli", "bernoulli", "key, p=0.5, shape=None", read=random_bernoulli)
