"""Pivot ops -> JAX: index_add/copy/fill as `x.at[...]` updates, take, take_along_dim, masked_scatter,
scatter_reduce and index_put. Data-dependent ops (nonzero, unique) are refused on the torch side."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.flax.functions._registry import fn
from nnport.frameworks.flax.functions.shape import at_index
from nnport.frameworks.flax.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Unsupported
from nnport.translate.emit import call, expr


def _index_update(method: str, value: str):
    def emit(c, ctx):
        v = c.get(value)
        if value == "source" and c.get("alpha") is not None and c.lit("alpha") != 1:
            v = expr("{a} * {s}", a=c.get("alpha"), s=v)
        return at_index(c.get("input"), c.get("dim"), c.get("index"), c.lit("dim"), method, v)
    return emit


def _take_along_dim(c, ctx):
    if c.lit("dim") is None:   # PyTorch flattens both
        return expr("jnp.take_along_axis(jnp.ravel({x}), jnp.ravel({i}), axis=0)", x=c.get("input"),
                    i=c.get("indices"))
    return call("jnp.take_along_axis", "{input}", "{indices}", axis="{dim}")(c, ctx)


def _masked_scatter(c, ctx):
    name = helper(ctx, "indexing", "masked_scatter")
    return call(name, "{input}", "{mask}", "{source}")(c, ctx)


_REDUCES = ("sum", "prod", "mean", "amax", "amin")


def _scatter_reduce(c, ctx):
    reduce, include = c.lit("reduce"), c.lit("include_self")
    if reduce not in _REDUCES:
        raise Unsupported(f"scatter_reduce reduce={reduce!r}" if reduce is not NOT_LITERAL
                          else "scatter_reduce with a non-literal reduce")
    if include is NOT_LITERAL:
        raise Unsupported("scatter_reduce with a non-literal include_self")
    name = helper(ctx, "indexing", "scatter_reduce")
    args = "{x}, {d}, {i}, {s}, %r" % reduce + ("" if include else ", include_self=False")
    return expr("%s(%s)" % (name, args), x=c.get("input"), d=c.get("dim"), i=c.get("index"), s=c.get("src"))


def _index_put(c, ctx):
    idx = c.get("indices")
    acc = c.lit("accumulate")
    if acc is NOT_LITERAL:
        raise Unsupported("index_put with a non-literal accumulate")
    if isinstance(idx, (cst.List, cst.Tuple)) and idx.elements:   # x.at[i, j]
        sub = [cst.SubscriptElement(cst.Index(e.value)) for e in idx.elements]
    else:
        sub = [cst.SubscriptElement(cst.Index(expr("tuple({i})", i=idx)))]
    at = cst.Subscript(expr("{x}.at", x=c.get("input")), sub)
    return cst.Call(cst.Attribute(at, cst.Name("add" if acc else "set")), [cst.Arg(c.get("values"))])


fn("index_add", "index_add", _index_update("add", "source"))
fn("index_copy", "index_copy", _index_update("set", "source"))
fn("index_fill", "index_fill", _index_update("set", "value"))
fn("take", "take", call("jnp.take", "{input}", "{index}"))
fn("take_along_dim", "take_along_dim", _take_along_dim)
fn("masked_scatter", "masked_scatter", _masked_scatter)
fn("scatter_reduce", "scatter_reduce", _scatter_reduce)
fn("index_put", "index_put", _index_put)
