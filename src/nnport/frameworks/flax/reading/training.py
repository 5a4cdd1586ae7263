"""Readers: optax optimizers, schedules, clipping and losses in a Flax NNX training loop -> the
training pivot ops (PyTorch's canonical arguments and semantics), in the plain form
flax/train_prepare.py writes (the optimizer on `model.parameters()`, a schedule on the optimizer,
each transformation of an `optax.chain` before the optimizer as a call on `model.parameters()`).

Semantics: optax.adam's eps is added to sqrt of the bias-corrected nu (PyTorch's placement; an
eps_root inside the root has no PyTorch equivalent: refused); optax.adamw decays by
learning_rate * weight_decay * w (decoupled: AdamW), its default weight_decay 1e-4 (PyTorch's 0.01:
always written), a mask refused; optax.sgd's momentum trace (g + momentum * t, the learning rate
applied after it) is PyTorch's SGD momentum with dampening 0, schedules included. Schedules are
evaluated at the count of updates, as LambdaLR stepped after each optimizer step.
"""
from __future__ import annotations

from nnport.frameworks.flax.reading.registry import fn
from nnport.frameworks.spec import Unsupported
from nnport.frameworks.training_source import (betas, drop, global_norm, lambda_lr, literal_or_refuse,
                                               only_default, scheduled, value)

MARK = "_nnport_scheduled=False"
ADAM = "b1=0.9, b2=0.999, eps=1e-08, eps_root=0.0, mu_dtype=None"


def _adam(c, ctx):
    scheduled(c)
    only_default(c, {"eps_root": 0.0, "nesterov": False, "mask": None}, " (no PyTorch optimizer has it)")
    drop(c, "mu_dtype")
    betas(c, "b1", "b2")
    if c.op == "adamw":
        c.set("weight_decay", value(c, "weight_decay"))
    return c


def _sgd(c, ctx):
    scheduled(c)
    drop(c, "accumulator_dtype")
    m = literal_or_refuse(c, "momentum")
    drop(c, "momentum")
    if m not in (None, 0, 0.0):
        c.set("momentum", repr(m))
    elif literal_or_refuse(c, "nesterov"):
        raise Unsupported("optax.sgd(nesterov=True) without momentum")
    return c


fn("optax.adam", "adam", f"params, learning_rate, {ADAM}, *, nesterov=False, {MARK}",
   rename={"learning_rate": "lr"}, read=_adam)
fn("optax.adamw", "adamw", f"params, learning_rate, {ADAM}, weight_decay=0.0001, mask=None, *, nesterov=False, "
   f"{MARK}", rename={"learning_rate": "lr"}, read=_adam)
fn("optax.sgd", "sgd", f"params, learning_rate, momentum=None, nesterov=False, accumulator_dtype=None, {MARK}",
   rename={"learning_rate": "lr"}, read=_sgd)


# ---- schedules: optax.X(optimizer, <its arguments>) ---------------------------------------------------
def exponential_decay(c, ctx):
    only_default(c, {"transition_begin": 0, "end_value": None})
    steps, rate = value(c, "transition_steps"), value(c, "decay_rate")
    p = f"step // {steps}" if literal_or_refuse(c, "staircase") else f"step / {steps}"
    return lambda_lr(c, f"{rate} ** ({p})")


def warmup_cosine(c, ctx):
    """Linear from init_value to peak_value over warmup_steps, then a cosine decay to end_value at
    decay_steps (optax.join_schedules of linear_schedule and cosine_decay_schedule); over peak_value."""
    init, peak, warm, decay = (value(c, n) for n in ("init_value", "peak_value", "warmup_steps", "decay_steps"))
    end, exponent = value(c, "end_value"), value(c, "exponent")
    alpha = f"{end} / {peak}"
    cos = f"0.5 * (1 + math.cos(math.pi * min(step - {warm}, {decay} - {warm}) / ({decay} - {warm})))"
    cos = cos if exponent in ("1", "1.0") else f"({cos}) ** {exponent}"
    return lambda_lr(c, f"({init} + ({peak} - {init}) * step / {warm}) / {peak} if step < {warm} "
                        f"else (1 - {alpha}) * {cos} + {alpha}")


def piecewise_constant(c, ctx):
    """init_value times every scale whose boundary the step has reached (step >= boundary)."""
    table = literal_or_refuse(c, "boundaries_and_scales")
    factors = [f"({s!r} if step >= {b!r} else 1.0)" for b, s in sorted((table or {}).items())]
    return lambda_lr(c, " * ".join(factors) or "1.0")


def constant(c, ctx):
    return lambda_lr(c, "1.0")


fn("optax.exponential_decay", "lambda_lr", "optimizer, init_value, transition_steps, decay_rate, transition_begin=0, "
   "staircase=False, end_value=None", read=exponential_decay)
fn("optax.warmup_cosine_decay_schedule", "lambda_lr", "optimizer, init_value, peak_value, warmup_steps, decay_steps, "
   "end_value=0.0, exponent=1.0", read=warmup_cosine)
fn("optax.piecewise_constant_schedule", "lambda_lr", "optimizer, init_value, boundaries_and_scales=None",
   read=piecewise_constant)
fn("optax.constant_schedule", "lambda_lr", "optimizer, value", read=constant)

# ---- clipping in an optax.chain before the optimizer: optax.X(model.parameters(), <its arguments>) ------
fn("optax.clip_by_global_norm", "clip_grad_norm", "parameters, max_norm", read=global_norm)
fn("optax.clip", "clip_grad_value", "parameters, max_delta", rename={"max_delta": "clip_value"},
   read=lambda c, ctx: c)


# ---- losses (per example, as optax returns them: reduction='none') ----------------------------------------
def per_example(c, ctx):
    only_default(c, {"axis": -1, "where": None})
    c.set("reduction", "'none'")
    return c


def integer_labels(c, ctx):
    """Integer labels of any width (int32 in JAX) as the int64 class indices PyTorch takes."""
    from nnport.frameworks.keras.reading.source_registry import written
    c.args["target"] = written(ctx, "long", input=c.args["target"])
    return per_example(c, ctx)


fn("optax.softmax_cross_entropy_with_integer_labels", "cross_entropy", "logits, labels, axis=-1, where=None",
   rename={"logits": "input", "labels": "target"}, read=integer_labels)
fn("optax.sigmoid_binary_cross_entropy", "binary_cross_entropy_with_logits", "logits, labels",
   rename={"logits": "input", "labels": "target"}, read=per_example)
fn("optax.squared_error", "mse_loss", "predictions, targets=None",
   rename={"predictions": "input", "targets": "target"}, read=per_example)
# the base learning rate prepare gives the optimizer: (argument, position, first item of a list)
SCHEDULE_BASE = {"optax.exponential_decay": ("init_value", 0), "optax.warmup_cosine_decay_schedule": ("peak_value", 1),
                 "optax.piecewise_constant_schedule": ("init_value", 0), "optax.constant_schedule": ("value", 0)}
