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
