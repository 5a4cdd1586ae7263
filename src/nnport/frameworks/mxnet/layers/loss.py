"""Loss modules (no weights) -> `LossBlock(loss, **options)` (support/loss.py): a HybridBlock calling
the PyTorch-exact loss function with F, its array options (class weights) held as graph constants.
The losses and their options are the table shared with Flax and Keras (frameworks/loss_functions.py)."""
from __future__ import annotations

from nnport.frameworks.loss_functions import INLINE, LOSSES, _names, check_reduction
from nnport.frameworks.mxnet.layers._registry import layer
from nnport.frameworks.mxnet.support import helper
from nnport.translate.emit import call

_INLINE_OPTIONS = "reduction='mean'"


def _module(c, ctx):
    check_reduction(c)
    options = LOSSES[c.op][1] if c.op in LOSSES else _INLINE_OPTIONS
    deps = LOSSES[c.op][2] if c.op in LOSSES else ()
    name = helper(ctx, "loss", c.op, *deps)
    block = helper(ctx, "loss", "LossBlock")
    return call(block, name, sig=f"loss, {options}", **{o: "{%s}" % o for o in _names(options)})(c, ctx)


for _op in (*LOSSES, *INLINE):
    layer(f"loss:{_op}", _op, None, _module)
