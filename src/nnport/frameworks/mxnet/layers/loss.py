"""Loss modules (no weights) -> the support/loss.py block of the same name (`CrossEntropyLoss(...)`, a
LossBlock): a HybridBlock calling the PyTorch-exact loss function with F and the module's options, its
array options (class weights) held as graph constants that the translated constructor computes.
The losses and their options are the table shared with Flax and Keras (frameworks/loss_functions.py)."""
from __future__ import annotations

from nnport.frameworks.loss_functions import LOSSES, _names, check_reduction
from nnport.frameworks.mxnet.layers._registry import layer
from nnport.frameworks.mxnet.support import helper
from nnport.frameworks.torch.layers.loss import SIGNATURES   # PyTorch's class names, kept
from nnport.translate.emit import call

_INLINE_OPTIONS = "reduction='mean'"   # mse_loss, l1_loss


def _module(name: str):
    def emit(c, ctx):
        check_reduction(c)
        options = LOSSES[c.op][1] if c.op in LOSSES else _INLINE_OPTIONS
        return call(helper(ctx, "loss", name), sig=options, **{o: "{%s}" % o for o in _names(options)})(c, ctx)
    return emit


for _name, (_op, _) in SIGNATURES.items():
    layer(_name, _op, None, _module(_name))
