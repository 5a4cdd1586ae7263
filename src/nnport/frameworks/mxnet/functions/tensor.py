"""Pivot ops -> F.* / NDArray: sizes, dtypes and casts, copies, slices and flips, triangles.

- Sizes (`x.size(1)`, `x.shape`, `x.dim()`, `x.numel()`) are the NDArray's `shape`, `ndim`, `size`: a
  Symbol has none, so a forward that reads one is written as an imperative gluon.Block (reshape
  writes its own sizes as codes instead: shape.py).
- dtypes are NumPy's names as strings ('float32', 'int64'); MXNet 1.9 has no int16, no complex and
  no bfloat16 NumPy type: a cast to one is reported.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.functions.tensor import shape_arg
from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.mxnet.support import helper
from nnport.frameworks.spec import Unsupported
from nnport.frameworks.tensor_functions import CASTS, to_dtype
from nnport.translate.emit import call, expr

# --- sizes ------------------------------------------------------------------------------------------------


def _size(c, ctx):
    if c.get("dim") is None or c.lit("dim") is None:
        return expr("{x}.shape", x=c.get("input"))
    return expr("{x}.shape[{d}]", x=c.get("input"), d=c.get("dim"))


fn("size", "size", _size)
fn("shape", "shape", lambda c, ctx: expr("{x}.shape", x=c.get("input")))
fn("ndim", "ndim", lambda c, ctx: expr("{x}.ndim", x=c.get("input")))
fn("numel", "numel", lambda c, ctx: expr("{x}.size", x=c.get("input")))

# --- dtypes and casts -------------------------------------------------------------------------------------
DTYPES = ("float32", "float64", "float16", "int64", "int32", "int8", "uint8", "bool")
_MISSING = {"int16": "MXNet 1.9 has no int16", "bfloat16": "MXNet 1.9 has no bfloat16 NumPy type (asnumpy fails)",
            "complex64": "MXNet has no complex dtypes"}
for _d in DTYPES:
    fn(f"dtype_{_d}", f"dtype_{_d}", lambda c, ctx, _d=_d: cst.SimpleString(repr(_d)))


def _missing(d: str):
    def emit(c, ctx):
        raise Unsupported(f"dtype {d}: {_MISSING[d]}")
    return emit


for _d in _MISSING:
    fn(f"dtype_{_d}", f"dtype_{_d}", _missing(_d))


def cast(x: cst.BaseExpression, dtype: cst.BaseExpression | str) -> cst.BaseExpression:
    d = cst.SimpleString(repr(dtype)) if isinstance(dtype, str) else dtype
    return expr("F.cast({x}, dtype={d})", x=x, d=d)


def _astype(dtype: str):
    def emit(c, ctx):
        if dtype in _MISSING:
            raise Unsupported(f"a cast to {dtype}: {_MISSING[dtype]}")
        return cast(c.get("input"), dtype)
    return emit


for _op, _d in CASTS.items():
    fn(_op, _op, _astype(_d))

_DTYPE_CODES = {repr(d) for d in DTYPES} | {f'"{d}"' for d in DTYPES}


def _to(c, ctx):
    """x.to(dtype), x.to(device) (no effect: one context here), x.to(other) (other's dtype, read from it)."""
    dtype = to_dtype(c, _DTYPE_CODES)
    return c.get("input") if dtype is None else cast(c.get("input"), dtype)


fn("to", "to", _to)
fn("to_device", "to_device", lambda c, ctx: c.get("input"))
fn("mxnet.ndarray.cast", "to_dtype", lambda c, ctx: cast(c.get("input"), c.get("dtype")))
fn("type_as", "type_as", lambda c, ctx: cast(c.get("input"), expr("{o}.dtype", o=c.get("other"))))
fn("is_floating_point", "is_floating_point",
   lambda c, ctx: expr("bool(np.issubdtype({x}.dtype, np.floating))", x=c.get("input")))

# --- copies, values -------------------------------------------------------------------------------------
fn("contiguous", "contiguous", lambda c, ctx: c.get("input"))
fn("mxnet.ndarray.stop_gradient", "detach", call("F.stop_gradient", "{input}"))
fn("mxnet.ndarray.identity", "clone", call("F.identity", "{input}"))   # a copy (x[...] = v may follow)
fn("item", "item", lambda c, ctx: expr("{x}.asscalar()", x=c.get("input")))
fn("tolist", "tolist", lambda c, ctx: expr("{x}.asnumpy().tolist()", x=c.get("input")))
fn("numpy", "numpy", lambda c, ctx: expr("{x}.asnumpy()", x=c.get("input")))
fn("is_contiguous", "is_contiguous", lambda c, ctx: cst.Name("True"))   # no strides to ask about
fn("requires_grad_", "requires_grad_", lambda c, ctx: c.get("input"))
fn("size_tuple", "size_tuple", lambda c, ctx: expr("tuple({s})", s=c.varargs[0]) if c.varargs
   else cst.parse_expression("()"))

# --- slices, flips, triangles ---------------------------------------------------------------------------


def _narrow(c, ctx):
    s, n = c.lit("start"), c.lit("length")
    x, d = c.get("input"), c.get("dim")
    if isinstance(s, int) and isinstance(n, int):
        end = "None" if s < 0 and s + n == 0 else str(s + n)
        return expr("F.slice_axis({x}, axis={d}, begin=%d, end=%s)" % (s, end), x=x, d=d)
    return expr("F.slice_axis({x}, axis={d}, begin={s}, end={s} + {n})", x=x, d=d, s=c.get("start"), n=c.get("length"))


def _select(c, ctx):
    """x.select(d, i): the slice i..i+1 of axis d, squeezed (i = -1: to the end)."""
    i, x, d = c.lit("index"), c.get("input"), c.get("dim")
    if isinstance(i, int):
        end = "None" if i == -1 else str(i + 1)
        return expr("F.squeeze(F.slice_axis({x}, axis={d}, begin=%d, end=%s), axis={d})" % (i, end), x=x, d=d)
    return expr("F.squeeze(F.slice_axis({x}, axis={d}, begin={i}, end={i} + 1), axis={d})", x=x, d=d,
                i=c.get("index"))


def _flip(axis):
    def emit(c, ctx):
        a = axis(c) if callable(axis) else axis
        return expr("F.flip({x}, axis={a})", x=c.get("input"), a=a)
    return emit


def _dims(c):
    return shape_arg("dims")(c, None)


def _roll_axis(x, shift: int, axis: int):
    """Roll by a shift smaller than the axis (F.slice_axis refuses a larger one): the two pieces swapped."""
    if shift == 0:
        return x
    cut = -shift   # x[cut:] then x[:cut], for either sign
    return expr(f"F.concat(F.slice_axis({{x}}, axis={axis}, begin={cut}, end=None), "
                f"F.slice_axis({{x}}, axis={axis}, begin=0, end={cut}), dim={axis})", x=x)


def _roll(c, ctx):
    s, d, x = c.lit("shifts"), c.lit("dims"), c.get("input")
    shifts = (s,) if isinstance(s, int) else s
    if not isinstance(shifts, (tuple, list)) or not all(isinstance(v, int) for v in shifts):
        raise Unsupported("roll: literal shifts only for Gluon")
    if d is None:
        if len(shifts) != 1:
            raise Unsupported("roll without dims takes one shift")
        return expr("F.reshape_like({r}, {x})", r=_roll_axis(expr("F.reshape({x}, (-1,))", x=x), shifts[0], 0), x=x)
    dims = (d,) if isinstance(d, int) else d
    if not isinstance(dims, (tuple, list)) or len(dims) != len(shifts):
        raise Unsupported("roll: literal dims, one per shift")
    for shift, axis in zip(shifts, dims):
        x = _roll_axis(x, shift, axis)
    return x


def _triangle(name: str):
    def emit(c, ctx):
        k = c.get("diagonal")
        args = "F, {x}" if k is None or c.lit("diagonal") == 0 else "F, {x}, {k}"
        return expr(f"{helper(ctx, 'shape', name)}({args})", x=c.get("input"), k=k)
    return emit


fn("mxnet.ndarray.slice_axis", "narrow", _narrow)
fn("select", "select", _select)
fn("mxnet.ndarray.flip", "flip", _flip(_dims))
fn("fliplr", "fliplr", _flip(cst.Integer("1")))
fn("flipud", "flipud", _flip(cst.Integer("0")))
fn("roll", "roll", _roll)
fn("tril", "tril", _triangle("tril"))
fn("triu", "triu", _triangle("triu"))
fn("mxnet.ndarray.diag", "diag", lambda c, ctx: expr("F.diag({x}, k={k})", x=c.get("input"), k=c.get("diagonal"))
   if c.lit("diagonal") not in (0, None) else expr("F.diag({x})", x=c.get("input")))
fn("diagonal", "diagonal", call("F.diag", "{input}", k="{offset}", axis1="{dim1}", axis2="{dim2}",
                                sig="data=None, k=0, axis1=0, axis2=1"))
