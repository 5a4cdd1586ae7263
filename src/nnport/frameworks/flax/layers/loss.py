"""Loss modules (no weights) -> the loss function itself, a functools.partial of it holding the
module's options, or a lambda for the inline mse/l1 losses."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.flax.functions.loss import LOSSES, inline_loss, loss_call
from nnport.frameworks.flax.layers._registry import layer
from nnport.frameworks.spec import code



def _module(c, ctx):
    return loss_call(c, ctx, with_tensors=False)


def _inline_module(c, ctx):
    c.set("input", "input")
    c.set("target", "target")
    return cst.parse_expression(f"lambda input, target: {code(inline_loss(c, ctx))}")


for _op in LOSSES:
    layer(f"loss:{_op}", _op, None, _module)
layer("loss:mse_loss", "mse_loss", None, _inline_module)
layer("loss:l1_loss", "l1_loss", None, _inline_module)
