"""Pivot ops -> keras.ops: index_add/copy/fill and index_put as scatters (support/indexing.py; Keras
tensors are immutable, so the in-place forms rebind the name); take, take_along_dim, masked_scatter and
scatter_reduce from the table shared with Flax (frameworks/indexing_functions.py)."""
from __future__ import annotations

from nnport.frameworks import indexing_functions
from nnport.frameworks.keras.functions._registry import fn
from nnport.frameworks.keras.support import helper
from nnport.translate.emit import call, expr

_ALONG = "x, dim, index, values, reduction=None"


def _index_along(value: str, reduction: str | None = None):
    """index_along(x, dim, index, values[, "add"]): index_copy / index_add (alpha folded into the source)
    / index_fill (a scalar value)."""
    def emit(c, ctx):
        v = c.get(value)
        if value == "source" and c.get("alpha") is not None and c.lit("alpha") != 1:
            v = expr("{a} * {s}", a=c.get("alpha"), s=v)
        how = None if reduction is None else repr(reduction)
        return call(helper(ctx, "indexing", "index_along"), "{input}", "{dim}", "{index}", lambda c, ctx: v,
                    *([how] if how else []))(c, ctx)
    return emit


def _index_put(c, ctx):
    return call(helper(ctx, "indexing", "index_put"), "{input}", "{indices}", "{values}", accumulate="{accumulate}",
                sig="x, indices, values, accumulate=False")(c, ctx)


fn("index_add", "index_add", _index_along("source", "add"))
fn("index_copy", "index_copy", _index_along("source"))
fn("index_fill", "index_fill", _index_along("value"))
indexing_functions.register(fn, helper, "ops")
fn("index_put", "index_put", _index_put)
