"""Readers: raw TensorFlow ops in a Keras model's `call` (tf.nn.*, tf.reshape, tf.matmul, tf.concat,
tf.reduce_*, tf.transpose, tf.shape, ...) -> pivot ops. `name=` is TensorFlow's graph naming only."""
from __future__ import annotations

from nnport.frameworks.keras.reading import ops_keras as k
from nnport.frameworks.keras.reading.source_registry import fn, lit, written
from nnport.frameworks.spec import Unsupported

N = ("name",)
REDUCE = {"input_tensor": "input", "axis": "dim", "keepdims": "keepdim"}


def tf(name: str, op: str, signature: str, **kw):
    return fn(f"tensorflow.{name}", op, signature, ignore=N, **kw)


def matmul(c, ctx):
    """transpose_a/b: the last two axes swapped first; adjoint and sparsity hints are not read."""
    for name in ("adjoint_a", "adjoint_b", "a_is_sparse", "b_is_sparse", "output_type", "grad_a", "grad_b"):
        if c.given(name) and lit(c, name) not in (False, None):
            raise Unsupported(f"tf.matmul({name}=...) is not translated")
        c.args.pop(name, None)
        c.defaults.pop(name, None)
    for side, flag in (("input", "transpose_a"), ("other", "transpose_b")):
        if c.given(flag) and lit(c, flag):
            c.args[side] = written(ctx, "transpose", input=c.args[side], dim0="-2", dim1="-1")
        c.args.pop(flag, None)
        c.defaults.pop(flag, None)
    return c


def softmax(c, ctx):
    """tf.nn.softmax(axis=None) is the last axis."""
    if c.get("dim") is None or lit(c, "dim") is None:
        c.set("dim", "-1")
    return c


def transpose(c, ctx):
    if c.given("conjugate") and lit(c, "conjugate"):
        raise Unsupported("tf.transpose(conjugate=True) is not translated")
    c.args.pop("conjugate", None)
    c.defaults.pop("conjugate", None)
    return k.transpose(c, ctx)


def eye(c, ctx):
    if c.given("batch_shape") and lit(c, "batch_shape") is not None:
        raise Unsupported("tf.eye(batch_shape=...) is not translated")
    c.args.pop("batch_shape", None)
    c.defaults.pop("batch_shape", None)
    c.defaults.pop("dtype", None)   # float32, PyTorch's default too
    if c.given("dtype"):
        raise Unsupported("tf.eye(dtype=...) is not translated")
    return c


def shape(c, ctx):
    if c.given("out_type"):
        raise Unsupported("tf.shape(out_type=...) is not translated")
    c.args.pop("out_type", None)
    c.defaults.pop("out_type", None)
    return c


tf("reshape", "reshape", "tensor, shape, name=None", rename={"tensor": "input"})
tf("matmul", "matmul", "a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False, "
   "a_is_sparse=False, b_is_sparse=False, output_type=None, grad_a=False, grad_b=False, name=None",
   rename={"a": "input", "b": "other"}, read=matmul)
tf("linalg.matmul", "matmul", "a, b, transpose_a=False, transpose_b=False, adjoint_a=False, "
   "adjoint_b=False, a_is_sparse=False, b_is_sparse=False, output_type=None, grad_a=False, grad_b=False, "
   "name=None", rename={"a": "input", "b": "other"}, read=matmul)
tf("concat", "cat", "values, axis, name='concat'", rename={"values": "tensors", "axis": "dim"})
tf("stack", "stack", "values, axis=0, name='stack'", rename={"values": "tensors", "axis": "dim"})
tf("transpose", "permute", "a, perm=None, conjugate=False, name='transpose'",
   rename={"a": "input", "perm": "dims"}, read=transpose)
tf("shape", "shape", "input, out_type=None, name=None", read=shape)
tf("reduce_max", "amax", "input_tensor, axis=None, keepdims=False, name=None", rename=REDUCE)
tf("reduce_min", "amin", "input_tensor, axis=None, keepdims=False, name=None", rename=REDUCE)
tf("reduce_mean", "mean", "input_tensor, axis=None, keepdims=False, name=None", rename=REDUCE)
tf("reduce_sum", "sum", "input_tensor, axis=None, keepdims=False, name=None", rename=REDUCE)
tf("expand_dims", "unsqueeze", "input, axis, name=None", rename={"axis": "dim"})
tf("tile", "tile", "input, multiples, name=None", rename={"multiples": "dims"})
tf("eye", "eye", "num_rows, num_columns=None, batch_shape=None, dtype=float32, name=None",
   rename={"num_rows": "n", "num_columns": "m"}, read=eye)
tf("range", "arange", "start, limit=None, delta=1, dtype=None, name='range'",
   rename={"limit": "end", "delta": "step"}, read=k.no_dtype)
tf("cast", "asarray", "x, dtype, name=None", rename={"x": "data"})
tf("nn.relu", "relu", "features, name=None", rename={"features": "input"})
tf("nn.softmax", "softmax", "logits, axis=None, name=None", rename={"logits": "input", "axis": "dim"},
   read=softmax)
tf("nn.log_softmax", "log_softmax", "logits, axis=None, name=None", rename={"logits": "input", "axis": "dim"},
   read=softmax)
tf("nn.sigmoid", "sigmoid", "x, name=None", rename={"x": "input"})
tf("nn.gelu", "gelu", "features, approximate=False, name=None", rename={"features": "input"}, read=k.gelu)
for _mod in ("", "math."):
    tf(f"{_mod}maximum", "maximum", "x, y, name=None", rename={"x": "input", "y": "other"},
       read=k.elementwise_max)
    tf(f"{_mod}minimum", "minimum", "x, y, name=None", rename={"x": "input", "y": "other"},
       read=k.elementwise_min)
    for _n in ("sqrt", "square", "exp", "abs", "tanh", "sigmoid"):
        if not (_mod == "" and _n == "sigmoid"):
            tf(f"{_mod}{_n}", _n, "x, name=None", rename={"x": "input"})
tf("math.log", "log", "x, name=None", rename={"x": "input"})
tf("math.equal", "eq", "x, y, name=None", rename={"x": "input", "y": "other"})
tf("equal", "eq", "x, y, name=None", rename={"x": "input", "y": "other"})
tf("math.not_equal", "ne", "x, y, name=None", rename={"x": "input", "y": "other"})
tf("not_equal", "ne", "x, y, name=None", rename={"x": "input", "y": "other"})


# --- more ops: shapes, reductions, activations ------------------------------------------------------
def argmax(c, ctx):
    """tf.argmax(axis=None) is axis 0; output_type int64 is PyTorch's index type."""
    if c.get("dim") is None or c.lit("dim") is None:
        c.set("dim", "0")
    if c.given("output_type"):
        raise Unsupported("tf.argmax(output_type=...) is not translated")
    c.args.pop("output_type", None)
    c.defaults.pop("output_type", None)
    return c


def cumsum(c, ctx):
    for name in ("exclusive", "reverse"):
        if c.given(name) and lit(c, name):
            raise Unsupported(f"tf.math.cumsum({name}=True) is not translated")
        c.args.pop(name, None)
        c.defaults.pop(name, None)
    return c


def silu(c, ctx):
    if c.given("beta") and lit(c, "beta") != 1.0:
        raise Unsupported("tf.nn.silu(beta=...) is not translated")
    c.args.pop("beta", None)
    c.defaults.pop("beta", None)
    return c


tf("squeeze", "squeeze", "input, axis=None, name=None", rename={"axis": "dim"})
tf("einsum", "einsum", "equation, *inputs, **kwargs", rename={"equation": "subscripts"}, read=k.einsum)
tf("where", "where", "condition, x=None, y=None, name=None", rename={"x": "input", "y": "other"}, read=k.select)
tf("reduce_prod", "prod", "input_tensor, axis=None, keepdims=False, name=None", rename=REDUCE)
tf("math.reduce_variance", "var", "input_tensor, axis=None, keepdims=False, name=None", rename=REDUCE,
   read=k.population)
tf("math.reduce_std", "std", "input_tensor, axis=None, keepdims=False, name=None", rename=REDUCE, read=k.population)
tf("argmax", "argmax", "input, axis=None, output_type=tf.int64, name=None", rename={"axis": "dim"},
   read=argmax)
tf("math.cumsum", "cumsum", "x, axis=0, exclusive=False, reverse=False, name=None",
   rename={"x": "input", "axis": "dim"}, read=cumsum)
tf("clip_by_value", "clamp", "t, clip_value_min, clip_value_max, name=None",
   rename={"t": "input", "clip_value_min": "min", "clip_value_max": "max"})
tf("pow", "pow", "x, y, name=None", rename={"x": "input", "y": "exponent"})
tf("nn.leaky_relu", "leaky_relu", "features, alpha=0.2, name=None",
   rename={"features": "input", "alpha": "negative_slope"})
tf("nn.elu", "elu", "features, name=None", rename={"features": "input"})
tf("nn.softplus", "softplus", "features, name=None", rename={"features": "input"})
tf("nn.silu", "silu", "features, beta=1.0", rename={"features": "input"}, read=silu)
tf("nn.tanh", "tanh", "x, name=None", rename={"x": "input"})
for _n in ("erf", "log1p", "rsqrt", "floor"):
    tf(f"math.{_n}", _n, "x, name=None", rename={"x": "input"})
