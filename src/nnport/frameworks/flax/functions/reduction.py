"""Pivot ops -> jax.numpy: reductions, scans, sorting, softmax.

(values, indices) results of PyTorch (`x.max(1)`, sort, topk) become plain tuples.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.flax.functions._registry import fn
from nnport.frameworks.flax.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code
from nnport.translate.emit import call, expr

_RED_SIG = "a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None"


def axis(c, ctx, name: str = "dim"):
    """PyTorch dim (int, tuple, list, None) -> jnp axis; a list becomes a tuple."""
    node = c.get(name)
    if node is None:
        return None
    v = c.lit(name)
    if v is None:
        return None
    if isinstance(v, list):
        return repr(tuple(v))
    return node


def reduce(api: str, **extra):
    return call(api, "{input}", axis=axis, keepdims="{keepdim}", sig=_RED_SIG, **extra)


for _op, _api in {"sum": "jnp.sum", "mean": "jnp.mean", "nansum": "jnp.nansum", "nanmean": "jnp.nanmean",
                  "prod": "jnp.prod"}.items():
    fn(_api, _op, reduce(_api, dtype="{dtype}"))
for _op, _api in {"any": "jnp.any", "all": "jnp.all", "max": "jnp.max", "min": "jnp.min"}.items():
    fn(_api, _op, reduce(_api))


def _amax(api: str):
    def emit(c, ctx):
        if c.lit("dim") == ():   # PyTorch: () reduces every dim; jnp: () reduces none
            c.set("dim", "None")
        return reduce(api)(c, ctx)
    return emit


fn("amax", "amax", _amax("jnp.max"))
fn("amin", "amin", _amax("jnp.min"))
fn("jnp.argmax", "argmax", reduce("jnp.argmax"))
fn("jnp.argmin", "argmin", reduce("jnp.argmin"))
fn("jnp.count_nonzero", "count_nonzero", call("jnp.count_nonzero", "{input}", axis=axis))
fn("jax.nn.logsumexp", "logsumexp", reduce("jax.nn.logsumexp"))


def _with_index(values: str, index: str):
    def emit(c, ctx):
        return cst.Tuple([cst.Element(reduce(values)(c, ctx)), cst.Element(reduce(index)(c, ctx))],
                         lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return emit


fn("max_dim", "max_dim", _with_index("jnp.max", "jnp.argmax"))
fn("min_dim", "min_dim", _with_index("jnp.min", "jnp.argmin"))


def _var(api: str):
    def emit(c, ctx):
        return call(api, "{input}", axis=axis, ddof="{correction}", keepdims="{keepdim}",
                    sig="a, axis=None, dtype=None, out=None, ddof=0, keepdims=False")(c, ctx)
    return emit


fn("jnp.var", "var", _var("jnp.var"))
fn("jnp.std", "std", _var("jnp.std"))


def _norm(c, ctx):
    """torch.norm: p='fro' or a number, over all elements or `dim`: a vector norm ('fro' = 2)."""
    p = c.lit("p")
    if p == "nuc":
        raise Unsupported("norm p='nuc'")
    if p == "fro" or p is None:
        c.set("p", "2")
    elif isinstance(p, str):
        raise Unsupported(f"norm p={p!r}")
    if c.lit("dtype") is not None:
        raise Unsupported("norm dtype=")
    return _vector_norm("p")(c, ctx)


def _vector_norm(ord_name: str):
    return call("jnp.linalg.vector_norm", "{input}", axis=axis, keepdims="{keepdim}",
                ord="{%s}" % ord_name, sig="x, /, *, axis=None, keepdims=False, ord=2")


def _no_dtype(emit):
    def hook(c, ctx):
        if c.lit("dtype") is not None:
            raise Unsupported("norm dtype=")
        return emit(c, ctx)
    return hook


fn("jnp.linalg.norm", "linalg_norm", _no_dtype(call(
    "jnp.linalg.norm", "{input}", ord="{ord}", axis=axis, keepdims="{keepdim}",
    sig="x, ord=None, axis=None, keepdims=False")))
fn("jnp.linalg.vector_norm", "vector_norm", _no_dtype(_vector_norm("ord")))
fn("norm", "norm", _norm)

_SCAN_SIG = "a, axis=None, dtype=None, out=None"
fn("jnp.cumsum", "cumsum", call("jnp.cumsum", "{input}", axis="{dim}", dtype="{dtype}", sig=_SCAN_SIG))
fn("jnp.cumprod", "cumprod", call("jnp.cumprod", "{input}", axis="{dim}", dtype="{dtype}", sig=_SCAN_SIG))

_SORT_SIG = "a, axis=-1, *, kind=None, order=None, stable=True, descending=False"


def _sort_call(api: str):
    return call(api, "{input}", axis="{dim}", descending="{descending}", sig=_SORT_SIG)


fn("jnp.argsort", "argsort", _sort_call("jnp.argsort"))
fn("jnp.sort", "sort", lambda c, ctx: cst.Tuple(
    [cst.Element(_sort_call("jnp.sort")(c, ctx)), cst.Element(_sort_call("jnp.argsort")(c, ctx))],
    lpar=[cst.LeftParen()], rpar=[cst.RightParen()]))


def _topk(c, ctx):
    """jax.lax.top_k works on the last axis and for the largest values; else a helper."""
    if c.lit("sorted") is not True:
        if c.lit("sorted") is not False:
            raise Unsupported("topk sorted= not a literal")
        # PyTorch leaves the order unspecified then: sorted order is one valid answer
    if c.lit("dim") == -1 and c.lit("largest") is True:
        return call("jax.lax.top_k", "{input}", "{k}")(c, ctx)
    name = helper(ctx, "reduction", "topk")
    return call(name, "{input}", "{k}", "{dim}", "{largest}")(c, ctx)


fn("jax.lax.top_k", "topk", _topk)

# softmax: shared with the nn.functional family (same pivot op, canonical args input, dim); keyed by
# op name so that its own "jax.nn.softmax" entry does not clash. dim=None (F.softmax's implicit dim)
# is that family's to resolve in its read hook.
def _softmax(api: str):
    def emit(c, ctx):
        if c.lit("dim") is None:
            raise Unsupported(f"{api} without dim")
        return call(api, "{input}", axis="{dim}")(c, ctx)
    return emit


fn("softmax", "softmax", _softmax("jax.nn.softmax"))
fn("log_softmax", "log_softmax", _softmax("jax.nn.log_softmax"))
