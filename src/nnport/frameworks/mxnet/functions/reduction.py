"""Pivot ops -> F.* reductions, scans, sorting.

PyTorch's (values, indices) results (`x.max(1)`, sort, topk) become plain tuples (F.topk's list of two).
Indices are int64 as in PyTorch (F.argmax & co. give floats: cast). A reduction over every element is
shape (1,) in MXNet 1.x, which has no 0-d arrays (PyTorch: shape ()).
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.functions.reduction import axis as keras_axis
from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.mxnet.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code
from nnport.translate.emit import call, expr

_RED_SIG = "data=None, axis=None, keepdims=False"


def axis(c, ctx, name: str = "dim"):
    """PyTorch dim -> axis (keras.functions.reduction's rule: a list as a tuple); () means all, as None."""
    return None if c.lit(name) == () else keras_axis(c, ctx, name)


def _no_dtype(c):
    if c.get("dtype") is not None and c.lit("dtype") is not None:
        raise Unsupported(f"{c.extra.get('api')}(dtype=...): cast the input instead")


def reduce(api: str, x=None):
    """F.<api>(x, axis=dim, keepdims=keepdim); `x` replaces the input."""
    def emit(c, ctx):
        _no_dtype(c)
        pos = "{input}" if x is None else (lambda c, ctx: x(c))
        return call(api, pos, axis=axis, keepdims="{keepdim}", sig=_RED_SIG)(c, ctx)
    return emit


for _op, _api in {"sum": "F.sum", "mean": "F.mean", "nansum": "F.nansum", "prod": "F.prod", "max": "F.max",
                  "min": "F.min", "amax": "F.max", "amin": "F.min"}.items():
    fn(f"mxnet.ndarray.{_api[2:]}" if _op == _api[2:] else _op, _op, reduce(_api))
_nonzero = lambda c: expr("{x} != 0", x=c.get("input"))   # noqa: E731
fn("any", "any", reduce("F.max", _nonzero))   # 1 where any element is nonzero, else 0
fn("all", "all", reduce("F.min", _nonzero))


def _nanmean(c, ctx):
    total = reduce("F.nansum")(c, ctx)
    count = reduce("F.sum", lambda c: expr("{x} == {x}", x=c.get("input")))(c, ctx)
    return expr("{t} / {n}", t=total, n=count)


fn("nanmean", "nanmean", _nanmean)


def _int64(node) -> cst.BaseExpression:
    return expr("F.cast({x}, dtype='int64')", x=node)


def _argmax(api: str):
    """F.argmax(x, axis=dim, keepdims=keepdim) as int64; without dim, of the flattened input."""
    def emit(c, ctx):
        if c.get("dim") is None or c.lit("dim") is None:
            x = expr("F.reshape({x}, (-1,))", x=c.get("input"))
            out = expr(f"{api}({{x}}, axis=0)", x=x)
            if c.lit("keepdim") is True:
                raise Unsupported(f"{c.extra.get('api')}(keepdim=True) without dim: the input's rank is unknown")
            return _int64(out)
        return _int64(call(api, "{input}", axis="{dim}", keepdims="{keepdim}", sig=_RED_SIG)(c, ctx))
    return emit


fn("mxnet.ndarray.argmax", "argmax", _argmax("F.argmax"))
fn("mxnet.ndarray.argmin", "argmin", _argmax("F.argmin"))
fn("count_nonzero", "count_nonzero", lambda c, ctx: _int64(call("F.sum", lambda c, ctx: _nonzero(c), axis=axis,
                                                                 sig=_RED_SIG)(c, ctx)))


def _with_index(values: str, index: str):
    def emit(c, ctx):
        v = reduce(values)(c, ctx)
        i = _int64(call(index, "{input}", axis="{dim}", keepdims="{keepdim}", sig=_RED_SIG)(c, ctx))
        return cst.Tuple([cst.Element(v), cst.Element(i)], lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return emit


fn("max_dim", "max_dim", _with_index("F.max", "F.argmax"))
fn("min_dim", "min_dim", _with_index("F.min", "F.argmin"))


def _support(name: str, *pos, **kw):
    def emit(c, ctx):
        return call(helper(ctx, "reduction", name), "F", *pos, **kw)(c, ctx)
    return emit


fn("logsumexp", "logsumexp", _support("logsumexp", "{input}", axis=axis, keepdims="{keepdim}",
                                      sig="F, x, axis=None, keepdims=False"))


def _var(sqrt: bool):
    """PyTorch's correction (ddof, default 1): support/reduction.py var_corrected."""
    def emit(c, ctx):
        out = _support("var_corrected", "{input}", axis=axis, correction="{correction}", keepdims="{keepdim}",
                       sig="F, x, axis=None, correction=1, keepdims=False")(c, ctx)
        return expr("F.sqrt({v})", v=out) if sqrt else out
    return emit


fn("var", "var", _var(False))
fn("std", "std", _var(True))


def _vector_norm(c, ctx, ord_name: str):
    return _support("vector_norm", "{input}", "{%s}" % ord_name, axis=axis, keepdims="{keepdim}",
                    sig="F, x, ord=2, axis=None, keepdims=False")(c, ctx)


def _norm(c, ctx):
    """torch.norm: p='fro' or a number, over all elements or `dim`: a vector norm ('fro' = 2)."""
    p = c.lit("p")
    if p in ("fro", None):
        c.set("p", "2")
    elif isinstance(p, str):   # a number, or an expression of one (float('inf')): the helper's ord
        raise Unsupported(f"norm p={code(c.get('p'))}")
    _no_dtype(c)
    return _vector_norm(c, ctx, "p")


def _linalg_norm(c, ctx):
    """torch.linalg.norm: a vector norm over one dim, or the 2-norm of every element; a matrix norm
    (ord given without dim, or two dims) only as 'fro'."""
    _no_dtype(c)
    o, d = c.lit("ord"), c.lit("dim")
    two = isinstance(d, (tuple, list)) and len(d) == 2
    if (d is None or two) and o not in (None, "fro"):
        raise Unsupported(f"linalg.norm(ord={code(c.get('ord'))}) of a matrix: not written for Gluon")
    if o in (None, "fro"):
        c.set("ord", "2")
    return _vector_norm(c, ctx, "ord")


fn("norm", "norm", _norm)
fn("linalg_norm", "linalg_norm", _linalg_norm)
fn("vector_norm", "vector_norm", lambda c, ctx: _no_dtype(c) or _vector_norm(c, ctx, "ord"))


def _scan(name: str):
    """F.cumsum takes axes from 0 on: another axis is swapped to 0 first (F.swapaxes takes negative ones)."""
    def emit(c, ctx):
        _no_dtype(c)
        d = c.lit("dim")
        x = c.get("input")
        if not (isinstance(d, int) and d >= 0):
            x = expr("F.swapaxes({x}, 0, {d})", x=x, d=c.get("dim"))
        if name == "cumsum":
            out = expr("F.cumsum({x}, axis={d})", x=x, d=cst.Integer("0") if x is not c.get("input") else c.get("dim"))
        else:
            out = expr(helper(ctx, "reduction", name) + "(F, {x}, {d})", x=x,
                       d=cst.Integer("0") if x is not c.get("input") else c.get("dim"))
        return out if x is c.get("input") else expr("F.swapaxes({y}, 0, {d})", y=out, d=c.get("dim"))
    return emit


fn("mxnet.ndarray.cumsum", "cumsum", _scan("cumsum"))
fn("cumprod", "cumprod", _scan("cumprod"))


def _ascending(c) -> str:
    d = c.lit("descending")
    if d not in (True, False):
        raise Unsupported("sort with a non-literal descending")
    return "False" if d else "True"


def _argsort(c, ctx):
    return expr(f"F.argsort({{x}}, axis={{d}}, is_ascend={_ascending(c)}, dtype='int64')", x=c.get("input"),
                d=c.get("dim"))


def _sort(c, ctx):
    values = expr(f"F.sort({{x}}, axis={{d}}, is_ascend={_ascending(c)})", x=c.get("input"), d=c.get("dim"))
    return cst.Tuple([cst.Element(values), cst.Element(_argsort(c, ctx))], lpar=[cst.LeftParen()],
                     rpar=[cst.RightParen()])


fn("mxnet.ndarray.argsort", "argsort", _argsort)
fn("mxnet.ndarray.sort", "sort", _sort)


def _topk(c, ctx):
    """F.topk(ret_typ='both'): [values, indices], sorted (PyTorch's sorted=False leaves the order open)."""
    largest = c.lit("largest")
    if largest not in (True, False):
        raise Unsupported("topk with a non-literal largest")
    return expr(f"F.topk({{x}}, axis={{d}}, k={{k}}, ret_typ='both', is_ascend={not largest}, dtype='int64')",
                x=c.get("input"), d=c.get("dim"), k=c.get("k"))


fn("mxnet.ndarray.topk", "topk", _topk)
