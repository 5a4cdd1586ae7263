"""Pivot ops -> Gluon: nn.Bilinear as support/embedding.py's Bilinear (the weights as PyTorch's).
nn.Embedding / EmbeddingBag are the sequence family's (layers/seq.py)."""
from __future__ import annotations

from nnport.frameworks.mxnet.layers._registry import layer
from nnport.frameworks.spec import W
from nnport.translate.emit import call

BILINEAR_SIG = "self, in1_features, in2_features, out_features, use_bias=True, **kwargs"


def _bilinear(c, ctx):
    from nnport.frameworks.mxnet.support import helper
    return call(helper(ctx, "embedding", "Bilinear"), "{in1_features}", "{in2_features}", "{out_features}",
                use_bias="{bias}", sig=BILINEAR_SIG)(c, ctx)


layer("Bilinear", "bilinear", BILINEAR_SIG, _bilinear, weights={"weight": W("weight", "out,in1,in2"),
                                                                "bias": W("bias", "out")})
