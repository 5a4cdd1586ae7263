"""Pivot ops -> F.embedding as F.take of the weight's rows (support/embedding.py's embedding where
padding_idx stops that row's gradient)."""
from __future__ import annotations

from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.mxnet.layers.embedding import check_exact
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code
from nnport.translate.emit import call, expr


def _embedding(c, ctx):
    from nnport.frameworks.mxnet.support import helper
    check_exact(c)
    x, w = c.get("input"), c.get("weight")
    if c.get("padding_idx") is None or c.lit("padding_idx") is None:
        return expr("F.take({w}, {x})", w=w, x=x)
    p = c.lit("padding_idx")
    if p is NOT_LITERAL or p < 0:
        raise Unsupported(f"padding_idx={code(c.get('padding_idx'))}: a literal non-negative index")
    return expr(f"{helper(ctx, 'embedding', 'embedding')}(F, {{x}}, {{w}}, padding_idx={p})", x=x, w=w)


fn("mxnet.ndarray.take", "embedding", _embedding)


def _bilinear(c, ctx):
    from nnport.frameworks.mxnet.support import helper
    return call(helper(ctx, "embedding", "bilinear"), "F", "{input1}", "{input2}", "{weight}", bias="{bias}",
                sig="F, x1, x2, weight, bias=None")(c, ctx)


fn("bilinear", "bilinear_fn", _bilinear)
