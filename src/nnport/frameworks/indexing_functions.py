"""take, take_along_dim, masked_scatter and scatter_reduce for a target whose array namespace `ns` has
numpy's take / take_along_axis / ravel (Flax: jnp, Keras: ops) and whose support/indexing.py has
helpers masked_scatter(input, mask, source) and scatter_reduce(input, dim, index, src, reduce,
include_self=True) with PyTorch's semantics: one table for both, registered by `register` with the
target's `fn` and `helper`."""
from __future__ import annotations

from nnport.frameworks.spec import NOT_LITERAL, Unsupported
from nnport.translate.emit import call, expr

REDUCES = ("sum", "prod", "mean", "amax", "amin")


def _take_along_dim(ns: str):
    def emit(c, ctx):
        if c.lit("dim") is None:   # PyTorch flattens both
            return expr(f"{ns}.take_along_axis({ns}.ravel({{x}}), {ns}.ravel({{i}}), axis=0)", x=c.get("input"),
                        i=c.get("indices"))
        return call(f"{ns}.take_along_axis", "{input}", "{indices}", axis="{dim}")(c, ctx)
    return emit


def _masked_scatter(helper):
    def emit(c, ctx):
        return call(helper(ctx, "indexing", "masked_scatter"), "{input}", "{mask}", "{source}")(c, ctx)
    return emit


def scatter_source(c):
    """torch.scatter's (src or value, reduce None / 'add' / 'multiply'), checked (every target)."""
    src = c.get("src") if c.lit("src") is not None else c.get("value")
    if src is None or c.lit("value") is None and c.lit("src") is None:
        raise Unsupported("scatter needs src or value")
    reduce = c.lit("reduce")
    if reduce not in (None, "add", "multiply"):
        raise Unsupported(f"scatter reduce={reduce!r}")
    return src, reduce


def scatter_reduce_options(c):
    """torch.scatter_reduce's literal (reduce, include_self), checked (every target)."""
    reduce, include = c.lit("reduce"), c.lit("include_self")
    if reduce not in REDUCES:
        raise Unsupported(f"scatter_reduce reduce={reduce!r}" if reduce is not NOT_LITERAL
                          else "scatter_reduce with a non-literal reduce")
    if include is NOT_LITERAL:
        raise Unsupported("scatter_reduce with a non-literal include_self")
    return reduce, include


def _scatter_reduce(helper):
    def emit(c, ctx):
        reduce, include = scatter_reduce_options(c)
        name = helper(ctx, "indexing", "scatter_reduce")
        args = "{x}, {d}, {i}, {s}, %r" % reduce + ("" if include else ", include_self=False")
        return expr("%s(%s)" % (name, args), x=c.get("input"), d=c.get("dim"), i=c.get("index"), s=c.get("src"))
    return emit


def register(fn, helper, ns: str) -> None:
    fn("take", "take", call(f"{ns}.take", "{input}", "{index}"))   # no axis: both flatten
    fn("take_along_dim", "take_along_dim", _take_along_dim(ns))
    fn("masked_scatter", "masked_scatter", _masked_scatter(helper))
    fn("scatter_reduce", "scatter_reduce", _scatter_reduce(helper))
