"""Pivot ops -> Gluon: functional dropout. F.Dropout with mode='training' (its default) drops only in
training (autograd.record(train_mode=True)), as PyTorch's F.dropout(x, p, training=self.training) does, and
hybridizes; training=True is mode='always'; axes share one mask along the spatial axes (dropout2d)."""
from __future__ import annotations

from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.mxnet.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code
from nnport.translate.emit import expr

_FLAG = "autograd.is_training()"   # what the engine writes for self.training (skeleton.TRAINING_EXPR)


def _mode(c):
    """None (no dropout), "'training'" or "'always'"; or (a condition) for another training expression."""
    training, p = c.lit("training"), c.lit("p")
    if training is False or p == 0:
        return None
    if p is not NOT_LITERAL and not 0 <= p < 1:
        raise Unsupported(f"dropout with p={p!r}")
    if training is True:
        return "'always'"
    if code(c.get("training")) == _FLAG:
        return "'training'"
    return c.get("training")


def _dropout(spatial: bool, alpha: bool = False):
    def emit(c, ctx):
        mode = _mode(c)
        x = c.get("input")
        if mode is None:
            return x
        fixed = mode if isinstance(mode, str) else "'always'"
        if alpha:
            name = helper(ctx, "dropout", "alpha_dropout")
            channels = ", channels=True" if spatial else ""
            drop = expr(f"{name}(F, {{x}}, {{p}}{channels}, mode={fixed})", x=x, p=c.get("p"))
        else:
            axes = f", axes={tuple(range(2, 2 + int(c.lit('ndim'))))}" if spatial else ""
            keep = "" if fixed == "'training'" else f", mode={fixed}"
            drop = expr(f"F.Dropout({{x}}, p={{p}}{keep}{axes})", x=x, p=c.get("p"))
        if isinstance(mode, str):
            return drop
        return expr("{d} if {t} else {x}", d=drop, t=mode, x=x)
    return emit


fn("mxnet.ndarray.Dropout", "dropout", _dropout(False))
fn("dropout_channel", "dropout_channel", _dropout(True))
fn("alpha_dropout", "alpha_dropout", _dropout(False, alpha=True))
fn("feature_alpha_dropout", "feature_alpha_dropout", _dropout(True, alpha=True))
