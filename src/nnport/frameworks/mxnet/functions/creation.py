"""Pivot ops -> F.*: creation (zeros, full, arange, eye...), data (torch.tensor, legacy constructors) and
random draws.

- F.zeros/ones/full/arange/linspace/eye exist in mx.nd and mx.sym: a forward that creates from sizes
  still hybridizes. Their dtype is given where PyTorch's differs from MXNet's float32 (integer
  arange and full, torch.tensor of ints).
- Data from Python values (torch.tensor([...]), torch.from_numpy) is `nd.array`: a Symbol cannot hold
  it, so such a forward makes the file an imperative gluon.Block.
- Random draws use F.random.* (MXNet's global generator, mx.random.seed): the same distributions,
  not PyTorch's stream.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.functions.tensor import shape_arg, sizes
from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.mxnet.functions.tensor import cast
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code, literal
from nnport.frameworks.tensor_functions import randint_bounds
from nnport.translate.emit import expr

_LEGACY_MISSING = {"int16": "MXNet 1.9 has no int16", "bfloat16": "MXNet 1.9 has no bfloat16 NumPy type"}


def _dtype(c):
    d = c.get("dtype")
    return None if d is None or c.lit("dtype") is None else d


def _with_dtype(template: str, dtype, **nodes):
    if dtype is None:
        return expr(template % "", **nodes)
    return expr(template % ", dtype={dtype}", dtype=_str(dtype), **nodes)


def _str(d):
    return cst.SimpleString(repr(d)) if isinstance(d, str) else d


def _kind(v) -> str | None:
    """PyTorch's dtype of Python data: bool, int64 for ints, float32 for floats (None: unknown)."""
    flat = []

    def walk(a):
        if isinstance(a, (list, tuple)):
            for e in a:
                walk(e)
        else:
            flat.append(a)
    walk(v)
    if not flat or any(not isinstance(a, (bool, int, float)) for a in flat):
        return None
    if all(isinstance(a, bool) for a in flat):
        return "bool"
    return "int64" if all(isinstance(a, int) and not isinstance(a, bool) for a in flat) else "float32"


# --- from sizes -------------------------------------------------------------------------------------------
def _filled(api: str):
    def emit(c, ctx):
        return _with_dtype(f"{api}({{s}}%s)", _dtype(c), s=shape_arg()(c, ctx))
    return emit


def _full(c, ctx):
    """torch.full takes its dtype from the fill value (bool, int64) where none is given."""
    d = _dtype(c)
    if d is None:
        k = _kind(c.lit("fill_value"))
        d = k if k in ("bool", "int64") else None
    return _with_dtype("F.full({s}, {v}%s)", d, s=c.get("size"), v=c.get("fill_value"))


def _like(api: str):
    def emit(c, ctx):
        out = expr(f"{api}({{x}})", x=c.get("input"))
        return out if _dtype(c) is None else cast(out, _dtype(c))
    return emit


def _full_like(c, ctx):
    out = expr("F.ones_like({x}) * {v}", x=c.get("input"), v=c.get("fill_value"))
    return out if _dtype(c) is None else cast(out, _dtype(c))


def _own_dtype(c):
    """new_*: the receiver's dtype unless dtype= says otherwise (x.dtype: an imperative file)."""
    return _dtype(c) or expr("{x}.dtype", x=c.get("input"))


fn("mxnet.ndarray.zeros", "zeros", _filled("F.zeros"))
fn("mxnet.ndarray.ones", "ones", _filled("F.ones"))
fn("mxnet.ndarray.full", "full", _full)
fn("mxnet.ndarray.zeros_like", "zeros_like", _like("F.zeros_like"))
fn("mxnet.ndarray.ones_like", "ones_like", _like("F.ones_like"))
fn("full_like", "full_like", _full_like)
fn("new_zeros", "new_zeros", lambda c, ctx: expr("F.zeros({s}, dtype={d})", s=shape_arg()(c, ctx), d=_own_dtype(c)))
fn("new_ones", "new_ones", lambda c, ctx: expr("F.ones({s}, dtype={d})", s=shape_arg()(c, ctx), d=_own_dtype(c)))
fn("new_full", "new_full", lambda c, ctx: expr("F.full({s}, {v}, dtype={d})", s=c.get("size"), v=c.get("fill_value"),
                                               d=_own_dtype(c)))
fn("new_tensor", "new_tensor", lambda c, ctx: expr("nd.array({v}, dtype={d})", v=c.get("data"), d=_own_dtype(c)))


# --- ranges -------------------------------------------------------------------------------------------------
def _number_kind(node) -> str:
    """'float' for a float literal (or arithmetic with one), 'int' otherwise: sizes, ints, len()."""
    v = literal(node)
    if isinstance(v, float):
        return "float"
    if v is NOT_LITERAL and isinstance(node, cst.BinaryOperation):
        kinds = {_number_kind(node.left), _number_kind(node.right)}
        return "float" if "float" in kinds or isinstance(node.operator, cst.Divide) else "int"
    return "int"


def _arange(c, ctx):
    """PyTorch gives int64 for integer bounds (MXNet float32): the dtype is written. A bound that is
    neither a literal nor a size is taken for an integer (with a note)."""
    args = [c.get("start")]
    if c.get("end") is not None and c.lit("end") is not None:
        args.append(c.get("end"))
        if c.lit("step") != 1:
            args.append(c.get("step"))
    d = _dtype(c)
    if d is None:
        d = "float32" if any(_number_kind(a) == "float" for a in args) else "int64"
        if d == "int64" and any(literal(a) is NOT_LITERAL and "shape" not in code(a) and "len(" not in code(a)
                                for a in args):
            ctx.note("torch.arange: its bounds are taken for integers (dtype='int64')", "torch.arange")
    holes = ", ".join("{a%d}" % k for k in range(len(args)))
    return _with_dtype(f"F.arange({holes}%s)", d, **{f"a{k}": a for k, a in enumerate(args)})


def _eye(c, ctx):
    """F.eye makes no bool: a cast."""
    m = c.get("m") if c.get("m") is not None and c.lit("m") is not None else None
    d = _dtype(c)
    base = expr("F.eye({n}, {m})", n=c.get("n"), m=m) if m is not None else expr("F.eye({n})", n=c.get("n"))
    if d is None:
        return base
    if c.lit("dtype") == "bool" or literal(d) == "bool":
        return cast(base, "bool")
    return expr("F.eye({n}, {m}, dtype={d})", n=c.get("n"), m=m, d=d) if m is not None else \
        expr("F.eye({n}, dtype={d})", n=c.get("n"), d=d)


fn("mxnet.ndarray.arange", "arange", _arange)
fn("mxnet.ndarray.linspace", "linspace", lambda c, ctx: _with_dtype("F.linspace({a}, {b}, {n}%s)", _dtype(c),
                                                                     a=c.get("start"), b=c.get("end"), n=c.get("steps")))
fn("mxnet.ndarray.eye", "eye", _eye)
fn("logspace", "logspace", lambda c, ctx: expr("{b} ** {l}", b=c.get("base"), l=_with_dtype(
    "F.linspace({a}, {e}, {n}%s)", _dtype(c), a=c.get("start"), e=c.get("end"), n=c.get("steps"))))


# --- data ---------------------------------------------------------------------------------------------------
def _asarray(c, ctx):
    """nd.array(data, dtype=...): PyTorch's dtype of Python data (nd.array makes float32 of any list)."""
    d = _dtype(c)
    if d is None:
        d = _kind(c.lit("data"))
    return _with_dtype("nd.array({v}%s)", d, v=c.get("data"))


def _typed_tensor(c, ctx):
    """torch.FloatTensor(2, 3) -> F.zeros((2, 3)) (PyTorch leaves it uninitialised);
    torch.LongTensor([..]) -> nd.array([..], dtype='int64')."""
    dtype = c.lit("dtype_name")
    if dtype in _LEGACY_MISSING:
        raise Unsupported(f"{dtype} tensors: {_LEGACY_MISSING[dtype]}")
    if c.given("data"):
        return _with_dtype("nd.array({v}%s)", dtype, v=c.get("data"))
    return _with_dtype("F.zeros({s}%s)", None if dtype == "float32" else dtype, s=sizes(c.varargs))


fn("mxnet.nd.array", "asarray", _asarray)   # written nd.array: imperative only (no symbol holds data)
fn("typed_tensor", "typed_tensor", _typed_tensor)


# --- random -------------------------------------------------------------------------------------------------
def _draw(api: str):
    def emit(c, ctx):
        return _with_dtype(f"{api}(shape={{s}}%s)", _dtype(c), s=shape_arg()(c, ctx))
    return emit


def _randint(c, ctx):
    low, high, size = randint_bounds(c)
    return expr("F.random.randint({lo}, {hi}, shape={s}, dtype={d})", lo=low, hi=high, s=size,
                d=_str(_dtype(c) or "int64"))


def _bernoulli(c, ctx):
    x = c.get("input")
    p = c.get("p") if c.get("p") is not None and c.lit("p") is not None else x
    if p is x:
        return expr("F.broadcast_lesser(F.random.uniform_like({x}), {x})", x=x)
    return expr("F.random.uniform_like({x}) < {p}", x=x, p=p)


def _normal(c, ctx):
    mean, std = c.get("mean"), c.get("std")
    if c.get("size") is not None and c.lit("size") is not None:
        return expr("F.random.normal({m}, {s}, shape={sh})", m=mean, s=std, sh=c.get("size"))
    if literal(mean) is not NOT_LITERAL:
        raise Unsupported("torch.normal(number, tensor): give size= or a tensor mean")
    noise = expr("F.random.normal_like({m})", m=mean)
    scaled = expr("{n} * {s}", n=noise, s=std) if literal(std) is not NOT_LITERAL else \
        expr("F.broadcast_mul({n}, {s})", n=noise, s=std)
    return expr("F.broadcast_add({m}, {n})", m=mean, n=scaled)


def _randperm(c, ctx):
    d = _dtype(c) if c.given("dtype") else None
    return expr("F.random.shuffle(F.arange({n}, dtype={d}))", n=c.get("n"), d=_str(d or "int64"))


fn("mxnet.ndarray.random.normal", "randn", _draw("F.random.normal"))
fn("mxnet.ndarray.random.uniform", "rand", _draw("F.random.uniform"))
fn("mxnet.ndarray.random.normal_like", "randn_like", _like("F.random.normal_like"))
fn("mxnet.ndarray.random.uniform_like", "rand_like", _like("F.random.uniform_like"))
fn("mxnet.ndarray.random.randint", "randint", _randint)
fn("bernoulli", "bernoulli", _bernoulli)
fn("normal", "normal", _normal)
fn("mxnet.ndarray.random.shuffle", "randperm", _randperm)
