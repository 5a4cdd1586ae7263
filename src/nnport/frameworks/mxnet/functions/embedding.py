"""Pivot ops -> F.bilinear as support/embedding.py's bilinear. (F.embedding / F.embedding_bag: the
sequence family's tables.)"""
from __future__ import annotations

from nnport.frameworks.mxnet.functions._registry import fn
from nnport.translate.emit import call


def _bilinear(c, ctx):
    from nnport.frameworks.mxnet.support import helper
    return call(helper(ctx, "embedding", "bilinear"), "F", "{input1}", "{input2}", "{weight}", bias="{bias}",
                sig="F, x1, x2, weight, bias=None")(c, ctx)


fn("bilinear", "bilinear_fn", _bilinear)
