"""Pivot ops -> JAX: index_add/copy/fill as `x.at[...]` updates and index_put; take, take_along_dim,
masked_scatter and scatter_reduce from the table shared with Keras (frameworks/indexing_functions.py).
Data-dependent ops (nonzero, unique) are refused on the torch side."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks import indexing_functions
from nnport.frameworks.flax.functions._registry import fn
from nnport.frameworks.flax.functions.shape import at_index
from nnport.frameworks.flax.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Unsupported
from nnport.translate.emit import expr


def _index_update(method: str, value: str):
    def emit(c, ctx):
        v = c.get(value)
        if value == "source" and c.get("alpha") is not None and c.lit("alpha") != 1:
            v = expr("{a} * {s}", a=c.get("alpha"), s=v)
        return at_index(c.get("input"), c.get("dim"), c.get("index"), c.lit("dim"), method, v)
    return emit


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
indexing_functions.register(fn, helper, "jnp")
fn("index_put", "index_put", _index_put)
