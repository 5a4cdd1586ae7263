"""Pivot ops -> keras.ops: reductions, scans, sorting, softmax.

(values, indices) results of PyTorch (`x.max(1)`, sort, topk) become plain tuples.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.functions._registry import fn
from nnport.frameworks.keras.support import helper
from nnport.frameworks.spec import Unsupported
from nnport.translate.emit import call, expr

_RED_SIG = "x, axis=None, keepdims=False"


def axis(c, ctx, name: str = "dim"):
    """PyTorch dim (int, tuple, list, None) -> keras axis; a list becomes a tuple."""
    node = c.get(name)
    if node is None:
        return None
    v = c.lit(name)
    if v is None:
        return None
    if isinstance(v, list):
        return repr(tuple(v))
    return node


def reduce(api: str, sig: str = _RED_SIG):
    return call(api, "{input}", axis=axis, keepdims="{keepdim}", sig=sig)


def _with_dtype(api: str):
    """sum/mean/prod(dtype=...): the input cast first, as PyTorch does."""
    def emit(c, ctx):
        if c.get("dtype") is not None and c.lit("dtype") is not None:
            c.set("input", expr("ops.cast({x}, {d})", x=c.get("input"), d=c.get("dtype")))
        return reduce(api)(c, ctx)
    return emit


for _op, _api in {"sum": "ops.sum", "mean": "ops.mean", "nansum": "ops.nansum", "nanmean": "ops.nanmean",
                  "prod": "ops.prod"}.items():
    fn("keras." + _api, _op, _with_dtype(_api))
for _op, _api in {"any": "ops.any", "all": "ops.all", "max": "ops.max", "min": "ops.min"}.items():
    fn("keras." + _api, _op, reduce(_api))


def _amax(api: str):
    def emit(c, ctx):
        if c.lit("dim") == ():   # PyTorch: () reduces every dim
            c.set("dim", "None")
        return reduce(api)(c, ctx)
    return emit


fn("amax", "amax", _amax("ops.max"))
fn("amin", "amin", _amax("ops.min"))
fn("keras.ops.argmax", "argmax", reduce("ops.argmax"))
fn("keras.ops.argmin", "argmin", reduce("ops.argmin"))
fn("keras.ops.count_nonzero", "count_nonzero", call("ops.count_nonzero", "{input}", axis=axis))
fn("keras.ops.logsumexp", "logsumexp", reduce("ops.logsumexp"))


def _with_index(values: str, index: str):
    def emit(c, ctx):
        return cst.Tuple([cst.Element(reduce(values)(c, ctx)), cst.Element(reduce(index)(c, ctx))],
                         lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return emit


fn("max_dim", "max_dim", _with_index("ops.max", "ops.argmax"))
fn("min_dim", "min_dim", _with_index("ops.min", "ops.argmin"))


def _var(name: str):
    """PyTorch's correction (ddof, default 1) over keras.ops' population variance."""
    def emit(c, ctx):
        corr = c.lit("correction")
        out = call(f"ops.{name}", "{input}", axis=axis, keepdims="{keepdim}", sig=_RED_SIG)(c, ctx)
        if corr == 0:
            return out
        fn_ = helper(ctx, "reduction", f"{name}_corrected", "var_corrected") if name == "std" else \
            helper(ctx, "reduction", "var_corrected")
        return call(fn_, "{input}", axis=axis, correction="{correction}", keepdims="{keepdim}",
                    sig="x, axis=None, correction=1, keepdims=False")(c, ctx)
    return emit


fn("keras.ops.var", "var", _var("var"))
fn("keras.ops.std", "std", _var("std"))


def _vector_norm(ord_name: str):
    return call("ops.norm", "{input}", ord="{%s}" % ord_name, axis=axis, keepdims="{keepdim}",
                sig="x, ord=None, axis=None, keepdims=False")


def _norm(c, ctx):
    """torch.norm: p='fro' or a number, over all elements or `dim`: a vector norm ('fro' = 2)."""
    p = c.lit("p")
    if p in ("fro", None):
        c.set("p", "2")
    elif isinstance(p, str):
        raise Unsupported(f"norm p={p!r}")
    if c.lit("dtype") is not None:
        raise Unsupported("norm dtype=")
    return _vector_norm_any(c, ctx, "p")


def _vector_norm_any(c, ctx, ord_name):
    """A vector norm over `dim` (all elements when None): ops.norm of the flattened input."""
    if c.get("dim") is None or c.lit("dim") is None:
        keep = c.lit("keepdim") is True
        flat = expr("ops.norm(ops.reshape({x}, (-1,)), ord={p})", x=c.get("input"), p=c.get(ord_name))
        return expr("ops.reshape({n}, (1,) * len({x}.shape))", n=flat, x=c.get("input")) if keep else flat
    d = c.lit("dim")
    if isinstance(d, (tuple, list)) and len(d) > 1:
        return helper_norm(c, ctx, ord_name)
    return _vector_norm(ord_name)(c, ctx)


def helper_norm(c, ctx, ord_name):
    name = helper(ctx, "reduction", "vector_norm")
    return call(name, "{input}", "{%s}" % ord_name, axis=axis, keepdims="{keepdim}",
                sig="x, ord=2, axis=None, keepdims=False")(c, ctx)


def _no_dtype(emit):
    def hook(c, ctx):
        if c.lit("dtype") is not None:
            raise Unsupported("norm dtype=")
        return emit(c, ctx)
    return hook


def _linalg_norm(c, ctx):
    """torch.linalg.norm: without ord and dim the 2-norm of the flattened input, any rank (ops.norm
    takes only 1-D or 2-D inputs then)."""
    if c.lit("dim") is None and c.lit("ord") is None:
        keep = c.get("keepdim")
        if c.lit("keepdim") is False:
            return expr("ops.sqrt(ops.sum(ops.square({x})))", x=c.get("input"))
        return expr("ops.sqrt(ops.sum(ops.square({x}), keepdims={k}))", x=c.get("input"), k=keep)
    return call("ops.norm", "{input}", ord="{ord}", axis=axis, keepdims="{keepdim}",
                sig="x, ord=None, axis=None, keepdims=False")(c, ctx)


fn("keras.ops.norm", "linalg_norm", _no_dtype(_linalg_norm))
fn("vector_norm", "vector_norm", _no_dtype(lambda c, ctx: _vector_norm_any(c, ctx, "ord")))
fn("norm", "norm", _norm)


def _scan(api: str):
    def emit(c, ctx):
        if c.get("dtype") is not None and c.lit("dtype") is not None:
            c.set("input", expr("ops.cast({x}, {d})", x=c.get("input"), d=c.get("dtype")))
        return call(api, "{input}", axis="{dim}", sig="x, axis=None, dtype=None")(c, ctx)
    return emit


fn("keras.ops.cumsum", "cumsum", _scan("ops.cumsum"))
fn("keras.ops.cumprod", "cumprod", _scan("ops.cumprod"))


def _argsort(c, ctx):
    """ops.argsort sorts ascending (stable on TF); descending sorts the negated input."""
    x = c.get("input")
    if c.lit("descending") is True:
        x = expr("-{x}", x=x)
    elif c.lit("descending") is not False:
        raise Unsupported("sort with a non-literal descending")
    return expr("ops.argsort({x}, axis={d})", x=x, d=c.get("dim"))


fn("keras.ops.argsort", "argsort", _argsort)


def _sort(c, ctx):
    idx = _argsort(c, ctx)
    return cst.Tuple([cst.Element(expr("ops.take_along_axis({x}, {i}, axis={d})", x=c.get("input"), i=idx,
                                       d=c.get("dim"))), cst.Element(idx)],
                     lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


fn("keras.ops.sort", "sort", _sort)


def _topk(c, ctx):
    """ops.top_k works on the last axis for the largest values; else a helper."""
    if c.lit("sorted") not in (True, False):
        raise Unsupported("topk sorted= not a literal")
    if c.lit("dim") == -1 and c.lit("largest") is True:
        return call("ops.top_k", "{input}", "{k}")(c, ctx)
    name = helper(ctx, "reduction", "topk")
    return call(name, "{input}", "{k}", "{dim}", "{largest}")(c, ctx)


fn("keras.ops.top_k", "topk", _topk)


def _softmax(api: str):
    def emit(c, ctx):
        if c.lit("dim") is None:
            raise Unsupported(f"{api} without dim")
        return call(api, "{input}", axis="{dim}")(c, ctx)
    return emit


fn("softmax", "softmax", _softmax("ops.softmax"))
fn("log_softmax", "log_softmax", _softmax("ops.log_softmax"))
