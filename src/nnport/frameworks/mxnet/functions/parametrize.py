"""Pivot weight_norm -> support/parametrize.py's WeightNorm(layer, dim): the layer's weight computed
from weight_g and weight_v at every call (hybridizes). Layers whose weight has PyTorch's axes (Linear,
ConvNd), the `weight` parameter, and a non-negative dim (None and -1 mean the whole weight)."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.mxnet.support import helper
from nnport.frameworks.spec import Unsupported, code
from nnport.translate.emit import expr

LAYERS = ("nn.Dense", "nn.Conv1D", "nn.Conv2D", "nn.Conv3D")   # the translated layer: PyTorch's weight axes


def _layer(node) -> str:
    return code(node.func) if isinstance(node, cst.Call) else ""


def _weight_norm(c, ctx):
    if c.lit("name") != "weight":
        raise Unsupported(f"weight_norm name={code(c.get('name'))}: only a layer's 'weight' is translated")
    dim = c.lit("dim")
    if isinstance(dim, bool) or not isinstance(dim, int) or dim < 0:
        raise Unsupported(f"weight_norm dim={code(c.get('dim'))}: a non-negative axis is translated "
                          "(None and -1 normalise the whole weight)")
    module = c.get("module")
    if _layer(module) not in LAYERS:
        raise Unsupported(f"weight_norm of {code(module)}: a Linear or ConvNd built in the call is translated")
    return expr(f"{helper(ctx, 'parametrize', 'WeightNorm')}({{m}}" + (f", dim={dim}" if dim else "") + ")",
                m=module)


fn("weight_norm", "weight_norm", _weight_norm)
