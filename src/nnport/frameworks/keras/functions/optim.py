"""Training pivot ops -> Keras 3 optimizers, with PyTorch's update exactly (checked step by step in
tests/frameworks_keras/test_keras_optim.py):
- SGD -> keras.optimizers.SGD (the same update; with momentum only while the learning rate is
  constant: Keras' buffer holds lr-scaled steps, PyTorch's gradients), under a schedule with momentum
  a helper (support/optim.py: TorchSGD);
- Adam, AdamW, RMSprop, Adagrad -> helpers subclassing their Keras namesakes: Keras puts epsilon
  before Adam's bias correction and under RMSprop's and Adagrad's square roots, starts Adagrad's sum
  at 0.1, computes the bias corrections in float32; the helpers take PyTorch's defaults (amsgrad:
  the largest raw v, in both);
- weight_decay of SGD, Adam, RMSprop, Adagrad (L2, added to the gradient) -> added to the gradients in
  the loop (keras/training.py writes it; Keras' own weight_decay is decoupled); AdamW's decoupled
  decay -> Keras' weight_decay, which is PyTorch's (p -= lr * wd * p before the step).
A schedule (schedules.py) is the learning rate; one stepped per epoch is read through EpochSchedule.
"""
from __future__ import annotations

from nnport.frameworks.keras.functions._registry import fn
from nnport.frameworks.keras.support import helper
from nnport.frameworks.spec import Unsupported
from nnport.frameworks.training_functions import betas, common, model_of, no_dampening, plan, scheduled_lr, \
    text, zero

def _kw(c, pairs) -> list[str]:
    """`keras_name=<source value>` for each (keras name, source name, PyTorch default) not at its default."""
    return [f"{k}={text(c, s)}" for k, s, d in pairs if c.lit(s) != d]


def _coupled_decay(c, ctx) -> None:
    """An L2 weight_decay: the loop adds it to the gradients (keras/training.py reads the plan)."""
    if zero(c, "weight_decay"):
        return
    if id(ctx.node) not in getattr(ctx, "training", {}):
        raise Unsupported(f"{c.extra['api']}: weight_decay (added to the gradients) outside a translated "
                          "training loop")
    plan(ctx)["decay"] = text(c, "weight_decay")


def _sgd(c, scheduled, ctx):
    no_dampening(c, "PyTorch does not damp the first step; Keras' SGD has no dampening")
    _coupled_decay(c, ctx)
    kw = _kw(c, [("momentum", "momentum", 0), ("nesterov", "nesterov", False)])
    if scheduled and not zero(c, "momentum"):   # Keras' momentum buffer holds lr-scaled steps
        return helper(ctx, "optim", "TorchSGD"), kw
    return "keras.optimizers.SGD", kw


def _adam(c, scheduled, ctx):
    _coupled_decay(c, ctx)
    return helper(ctx, "optim", "TorchAdam"), _adam_kw(c)


def _adam_kw(c) -> list[str]:
    return [*betas(c, ("beta_1", "beta_2")), *_kw(c, [("epsilon", "eps", 1e-08), ("amsgrad", "amsgrad", False)])]


def _adamw(c, scheduled, ctx):
    kw = [*_kw(c, [("weight_decay", "weight_decay", 0.01)]), *_adam_kw(c)]
    return helper(ctx, "optim", "TorchAdamW", "TorchAdam"), kw


def _rmsprop(c, scheduled, ctx):
    _coupled_decay(c, ctx)
    return helper(ctx, "optim", "TorchRMSprop"), _kw(c, [("rho", "alpha", 0.99), ("momentum", "momentum", 0),
                                                         ("epsilon", "eps", 1e-08), ("centered", "centered", False)])


def _adagrad(c, scheduled, ctx):
    _coupled_decay(c, ctx)
    return helper(ctx, "optim", "TorchAdagrad"), _kw(c, [("lr_decay", "lr_decay", 0),
                                                         ("initial_accumulator_value", "initial_accumulator_value", 0),
                                                         ("epsilon", "eps", 1e-10)])


def optimizer(parts):
    def emit(c, ctx):
        common(c)
        model_of(c)
        lr = scheduled_lr(c, ctx, lambda s, per: f"{helper(ctx, 'optim', 'EpochSchedule')}({s}, {per})")
        cls, kw = parts(c, bool(plan(ctx).get("schedule")), ctx)
        return f"{cls}({', '.join([f'learning_rate={lr}', *kw])})"
    return emit


for _op, _api, _parts in (("sgd", "keras.optimizers.SGD", _sgd), ("adam", "TorchAdam", _adam),
                          ("adamw", "TorchAdamW", _adamw), ("rmsprop", "TorchRMSprop", _rmsprop),
                          ("adagrad", "TorchAdagrad", _adagrad)):
    fn(_api, _op, optimizer(_parts))   # the API named: what docs/support.md shows
