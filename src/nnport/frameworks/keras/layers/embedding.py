"""keras layers: Bilinear, a helper layer (support/embedding.py): Keras has no two-input bilinear layer.
(nn.Embedding is in seq.py.)"""
from __future__ import annotations

from nnport.frameworks.keras.layers._registry import layer
from nnport.frameworks.keras.support import helper
from nnport.frameworks.spec import W
from nnport.translate.emit import call

BILINEAR_SIG = "self, in1_features, in2_features, out_features, bias=True, **kwargs"

layer("Bilinear", "bilinear", BILINEAR_SIG,
      lambda c, ctx: call(helper(ctx, "embedding", "Bilinear"), "{in1_features}", "{in2_features}",
                          "{out_features}", bias="{bias}", sig=BILINEAR_SIG)(c, ctx),
      weights={"weight": W("weight", "out,in1,in2"), "bias": W("bias", "out")})
