"""Readers: more mxnet.ndarray operators the Gluon writer emits (reading back what it wrote): cast,
Pooling (max / avg / global, 'full' convention = ceil_mode), contrib.AdaptiveAvgPooling2D, argmax /
argmin (MXNet returns float indices: kept as PyTorch's int64, the writer casts them anyway),
arange, eye, array, random.randint, broadcast_like / broadcast_to, reshape_like, flip, cumsum,
hard_sigmoid, unary operators of other names and the broadcast comparisons."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.reading.ops_keras import DTYPES
from nnport.frameworks.keras.reading.source_registry import written
from nnport.frameworks.mxnet.reading.ops import D, _done, _t
from nnport.frameworks.mxnet.reading.registry import drop, fn, take
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code


def dtype_of(c, ctx, name: str = "dtype") -> None:
    """A dtype by name ('float32', np.float32 is read as its name) -> the target's dtype constant."""
    if c.get(name) is None:
        return
    d = c.lit(name)
    if d is NOT_LITERAL or not isinstance(d, str):
        text = code(c.get(name))
        if not text.startswith(("np.", "numpy.")):
            return   # an expression (x.dtype): a dtype in PyTorch too
        d = text.rsplit(".", 1)[1]
    if d is None:
        drop(c, name)
        return
    if d not in DTYPES:
        raise Unsupported(f"{c.extra['api']}(dtype={d!r}) is not translated")
    c.args[name] = written(ctx, f"dtype_{d}")


def cast(c, ctx):
    dtype_of(c, ctx)
    return c


fn("cast", "to_dtype", _t("data=None, dtype=None"), rename=D, read=cast)
fn("Cast", "to_dtype", _t("data=None, dtype=None"), rename=D, read=cast)


def pooling(c, ctx):
    """F.Pooling(x, kernel, pool_type, stride, pad, global_pool, pooling_convention) -> PyTorch's
    max_poolNd / avg_poolNd / adaptive_*_poolNd(1)."""
    kind = take(c, "pool_type", "max")
    if kind not in ("max", "avg"):
        raise Unsupported(f"Pooling(pool_type={kind!r}) is not translated")
    if take(c, "layout") not in (None, "NCW", "NCHW", "NCDHW"):
        raise Unsupported("Pooling(layout=...): only channels-first pooling is translated")
    drop(c, "cudnn_off", "p_value")
    glob = take(c, "global_pool", False)
    kernel = c.lit("kernel_size")
    n = len(kernel) if isinstance(kernel, (tuple, list)) else None
    if glob:
        if n is None:
            raise Unsupported("Pooling(global_pool=True) needs a literal kernel= (its rank)")
        drop(c, "kernel_size", "stride", "padding", "pooling_convention", "count_include_pad")
        c.op = f"adaptive_{kind}_pool"
        c.set("output_size", "1")
        c.set("ndim", str(n))
        return c
    if n is None:
        raise Unsupported("Pooling: kernel= must be a literal tuple (its rank is the pooling's)")
    conv = take(c, "pooling_convention", "valid")
    if conv not in ("valid", "full"):
        raise Unsupported(f"Pooling(pooling_convention={conv!r}) is not translated")
    if conv == "full":
        c.set("ceil_mode", "True")
    if kind == "max":
        drop(c, "count_include_pad")
    elif c.lit("count_include_pad") is None:
        drop(c, "count_include_pad")   # None: MXNet's default, True
    for name, neutral in (("stride", 1), ("padding", 0)):
        v = c.lit(name)
        if v in ((), None) or isinstance(v, (tuple, list)) and set(v) == {neutral} and name == "padding":
            drop(c, name)
    if c.get("stride") is None or c.lit("stride") == ():
        c.set("stride", "1")   # MXNet's default stride is 1 (PyTorch's: the kernel)
    c.op = f"{kind}_pool"
    c.set("ndim", str(n))   # the target entry of that rank (max_pool2d...)
    return c


fn("Pooling", "max_pool", _t("data=None, kernel=(), pool_type='max', global_pool=False, cudnn_off=False, "
   "pooling_convention='valid', stride=(), pad=(), p_value=None, count_include_pad=None, layout=None"),
   rename={"data": "input", "kernel": "kernel_size", "pad": "padding"}, read=pooling)


def adaptive_avg_2d(c, ctx):
    c.set("ndim", "2")
    return c


fn("contrib.AdaptiveAvgPooling2D", "adaptive_avg_pool", _t("data=None, output_size=None"), rename=D,
   read=adaptive_avg_2d)


def arg_reduce(c, ctx):
    """argmax(x, axis=None, keepdims): MXNet's indices are floats; over all axes its shape is (1,)."""
    if c.lit("dim") is None:
        drop(c, "dim")
        whole = written(ctx, c.op, input=c.args["input"])
        return _done(c, written(ctx, "reshape", input=whole, shape="(1,)"))
    if not c.lit("keepdim"):
        drop(c, "keepdim")
    return c


for _n in ("argmax", "argmin"):
    fn(_n, _n, _t("data=None, axis=None, keepdims=False"), rename={"data": "input", "axis": "dim",
       "keepdims": "keepdim"}, read=arg_reduce)


def arange(c, ctx):
    if c.lit("repeat") not in (None, 1):
        raise Unsupported("arange(repeat=...) is not translated")
    drop(c, "ctx", "infer_range", "repeat")
    dtype_of(c, ctx)   # float32 by default: PyTorch's arange of ints is int64
    if c.get("end") is None:   # arange(n): PyTorch's arange(end)
        c.args["end"] = c.args.pop("start")
    return c


fn("arange", "arange", "start, stop=None, step=1.0, repeat=1, infer_range=None, ctx=None, dtype='float32'",
   rename={"stop": "end"}, read=arange)


def eye(c, ctx):
    drop(c, "ctx")
    if c.lit("k") not in (0, None):
        raise Unsupported("eye(k != 0) is not translated")
    drop(c, "k")
    if c.lit("m") in (0, None):
        drop(c, "m")
    if c.lit("dtype") in ("float32", None):
        drop(c, "dtype")   # PyTorch's default
    dtype_of(c, ctx)
    return c


fn("eye", "eye", "N, M=0, k=0, ctx=None, dtype='float32', **kwargs", rename={"N": "n", "M": "m"}, read=eye)


def array(c, ctx):
    drop(c, "ctx")
    if c.lit("dtype") is None:
        c.set("dtype", "'float32'")   # nd.array's default is float32 (PyTorch infers int64 from ints)
    dtype_of(c, ctx)
    return c


fn("array", "asarray", "source_array, ctx=None, dtype=None", rename={"source_array": "data"}, read=array)


def randint(c, ctx):
    drop(c, "ctx")
    if c.lit("dtype") is None:
        c.set("dtype", "'int32'")   # MXNet's default
    dtype_of(c, ctx)
    c.varargs = [c.args.pop("low"), c.args.pop("high"), c.args.pop("size")]   # torch.randint(low, high, size)
    drop(c, "low", "high", "size")
    return c


fn("random.randint", "randint", "low, high, shape=None, dtype=None, ctx=None, out=None, **kwargs",
   rename={"shape": "size"}, read=randint)


def without(*names: str):
    """A reader refusing `names` given (not None): arguments PyTorch's form has no counterpart of."""
    def read(c, ctx):
        for name in names:
            if c.lit(name) is not None:
                raise Unsupported(f"{c.extra['api'].rsplit('.', 1)[1]}({name}=...) is not translated")
            drop(c, name)
        return c
    return read


_CREATED = ("full", "zeros", "ones")   # lhs as written already (torch.full...): the shape its first argument


def broadcast_like(c, ctx):
    """broadcast_like(lhs, rhs): lhs.expand_as(rhs); with lhs_axes / rhs_axes (literal), lhs's axes
    lhs_axes take rhs's sizes at rhs_axes: lhs.expand(sizes), where lhs's rank is known (an array made
    here of a literal shape: nd.full((1, 1), v)), the other axes -1 (kept)."""
    la, ra = c.lit("lhs_axes"), c.lit("rhs_axes")
    if la is None and ra is None:
        return without("lhs_axes", "rhs_axes")(c, ctx)
    lhs, rhs = c.args["input"], c.args["other"]
    shape = lhs.args[0].value if isinstance(lhs, cst.Call) and code(lhs.func).rsplit(".", 1)[-1] in _CREATED and lhs.args else None
    rank = len(shape.elements) if isinstance(shape, cst.Tuple) else None
    la, ra = ([la] if isinstance(la, int) else la), ([ra] if isinstance(ra, int) else ra)
    if rank is None or not all(isinstance(v, (list, tuple)) for v in (la, ra)) or len(la) != len(ra) or \
            not all(isinstance(k, int) and -rank <= k < rank for k in la):
        raise Unsupported("broadcast_like(lhs_axes=...): of an array of unknown rank (made elsewhere) is not translated")
    if not isinstance(rhs, (cst.Name, cst.Attribute)):
        raise Unsupported("broadcast_like(lhs_axes=...) of an expression: assign it to a name first")
    sizes = ["-1"] * rank
    for k, r in zip(la, ra):
        sizes[k % rank] = f"{code(rhs)}.shape[{r}]"
    return _done(c, written(ctx, "expand", input=lhs, size="(" + ", ".join(sizes) + ("," if rank == 1 else "") + ")"))
fn("broadcast_like", "expand_as", _t("lhs=None, rhs=None, lhs_axes=None, rhs_axes=None"),
   rename={"lhs": "input", "rhs": "other"}, read=broadcast_like)
fn("broadcast_to", "expand", _t("data=None, shape=None"), rename={"data": "input", "shape": "size"})

def _bracketed(c, ctx):
    """A comparison written as `a > b` is put in brackets: it stands where the call stood (`... * y`)."""
    out = written(ctx, c.op, input=c.args["input"], other=c.args["other"])
    if isinstance(out, cst.Comparison) and not out.lpar:
        out = out.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return _done(c, out)


# unary operators of other names (MXNet's arc* are PyTorch's a*), and comparisons: MXNet's 0/1 arrays of
# the input's dtype read as PyTorch's booleans (the values arithmetic and where() see are the same)
for _n, _op in (("arcsin", "asin"), ("arccos", "acos"), ("arctan", "atan"), ("arcsinh", "asinh"),
                ("arccosh", "acosh"), ("arctanh", "atanh"), ("sinh", "sinh"), ("cosh", "cosh"), ("tan", "tan"),
                ("log2", "log2"), ("log10", "log10"), ("trunc", "trunc"), ("erfinv", "erfinv"),
                ("logical_not", "logical_not"), ("identity", "clone")):
    fn(_n, _op, _t("data=None"), rename=D)
for _n, _op in (("equal", "eq"), ("not_equal", "ne"), ("lesser", "lt"), ("lesser_equal", "le"), ("greater", "gt"),
                ("greater_equal", "ge"), ("logical_and", "logical_and"), ("logical_or", "logical_or"),
                ("logical_xor", "logical_xor"), ("hypot", "hypot"), ("mod", "remainder")):
    fn(f"broadcast_{_n}", _op, _t("lhs=None, rhs=None"), rename={"lhs": "input", "rhs": "other"}, read=_bracketed)


def flip(c, ctx):
    axis = c.get("dims")
    if not isinstance(axis, (cst.Tuple, cst.List)):
        c.set("dims", cst.Tuple([cst.Element(axis)]))
    return c


fn("flip", "flip", _t("data=None, axis=None"), rename={"data": "input", "axis": "dims"}, read=flip)


reshape_like = without("lhs_begin", "lhs_end", "rhs_begin", "rhs_end")
fn("reshape_like", "reshape_as", _t("lhs=None, rhs=None, lhs_begin=None, lhs_end=None, rhs_begin=None, rhs_end=None"),
   rename={"lhs": "input", "rhs": "other"}, read=reshape_like)


def cumsum(c, ctx):
    if c.lit("dim") is None:
        raise Unsupported("cumsum(axis=None) (over the flattened array) is not translated")
    dtype_of(c, ctx)
    return c


fn("cumsum", "cumsum", _t("a=None, axis=None, dtype=None"), rename={"a": "input", "axis": "dim"}, read=cumsum)


def _number(node):
    """A literal number, or a literal fraction (`1 / 6`, as the writer spells it); else None."""
    from nnport.frameworks.spec import literal
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
        a, b = literal(node.left), literal(node.right)
        return a / b if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b else None
    v = literal(node)
    return v if isinstance(v, (int, float)) else None


def hard_sigmoid(c, ctx):
    """PyTorch's hardsigmoid is MXNet's hard_sigmoid(alpha=1/6, beta=0.5) (clip(alpha x + beta, 0, 1))."""
    alpha = _number(c.get("alpha"))
    if alpha is None or abs(alpha - 1 / 6) > 1e-7 or c.lit("beta") != 0.5:
        raise Unsupported("hard_sigmoid(alpha != 1/6 or beta != 0.5) has no PyTorch function")
    drop(c, "alpha", "beta")
    return c


fn("hard_sigmoid", "hardsigmoid", _t("data=None, alpha=0.2, beta=0.5"), rename=D, read=hard_sigmoid)
