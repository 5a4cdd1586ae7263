"""Readers: keras.optimizers, keras.optimizers.schedules and keras.losses in a training loop ->
the training pivot ops (PyTorch's canonical arguments and semantics), in the plain form
keras/train_prepare.py writes (the optimizer on `model.parameters()`, a schedule on the optimizer,
a loss object's call as one call `keras.losses.X(y_true, y_pred, <its arguments>)`).

Semantics: Keras' SGD momentum (`m = momentum * m - lr * g; w += m`) is PyTorch's
(`b = momentum * b + g; w -= lr * b`) while the learning rate is constant (with a schedule the two
differ: refused); Keras' weight_decay is decoupled (`w -= lr * weight_decay * w` first): AdamW, and
refused for SGD (PyTorch's SGD adds it to the gradient); Keras' Adam adds epsilon to sqrt(v) before
the bias correction (PyTorch after it): the pivot's `eps_outside_correction`. Schedules are evaluated at
the number of updates done, as PyTorch's LambdaLR stepped after each optimizer step.
"""
from __future__ import annotations

from nnport.frameworks.keras.reading.source_registry import fn
from nnport.frameworks.spec import Unsupported
from nnport.frameworks.training_source import (betas, drop, global_norm, lambda_lr, literal_or_refuse,
                                               only_default, scheduled, value)

OPT = "keras.optimizers."
COMMON = ("weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False, "
          "ema_momentum=0.99, ema_overwrite_frequency=None, loss_scale_factor=None, "
          "gradient_accumulation_steps=None, name=None, _nnport_scheduled=False, **kwargs")
NOT_TRANSLATED = {"clipnorm": None, "clipvalue": None, "global_clipnorm": None, "use_ema": False,
                  "loss_scale_factor": None, "gradient_accumulation_steps": None}


def _common(c) -> bool:
    only_default(c, NOT_TRANSLATED, " (clip in the loop: tf.clip_by_global_norm)")
    drop(c, "ema_momentum", "ema_overwrite_frequency", "name")
    return scheduled(c)


def sgd(c, ctx):
    sched = _common(c)
    if c.given("weight_decay") and c.lit("weight_decay") is not None:
        raise Unsupported("keras.optimizers.SGD(weight_decay=...): Keras decays the weights (decoupled), "
                          "torch.optim.SGD adds the decay to the gradient")
    drop(c, "weight_decay")
    if sched and literal_or_refuse(c, "momentum") not in (0, 0.0):
        raise Unsupported("keras.optimizers.SGD with momentum on a schedule: Keras' momentum holds lr * g, "
                          "PyTorch's g (equal only at a constant learning rate)")
    return c


def adam(c, ctx):
    """Adam/AdamW: betas, epsilon (added before the bias correction), decoupled weight decay."""
    _common(c)
    if literal_or_refuse(c, "amsgrad") is not False:
        raise Unsupported(f"{c.extra['api']}(amsgrad=True) is not translated")
    drop(c, "amsgrad")
    betas(c, "beta_1", "beta_2")
    c.set("eps", value(c, "epsilon"))
    drop(c, "epsilon")
    c.set("eps_outside_correction", "True")
    decay = c.get("weight_decay")
    drop(c, "weight_decay")
    if decay is not None and value_is_set(decay):
        c.op = "adamw"
        c.args["weight_decay"] = decay
    elif c.op == "adamw":
        c.set("weight_decay", "0.0")
    return c


def value_is_set(node) -> bool:
    from nnport.frameworks.spec import code
    return code(node) not in ("None", "0", "0.0")


fn(OPT + "SGD", "sgd", f"params, learning_rate=0.01, momentum=0.0, nesterov=False, {COMMON}",
   rename={"learning_rate": "lr"}, read=sgd)
fn(OPT + "Adam", "adam", f"params, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07, amsgrad=False, "
   f"{COMMON}", rename={"learning_rate": "lr"}, read=adam)
fn(OPT + "AdamW", "adamw", f"params, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, "
   f"epsilon=1e-07, amsgrad=False, {COMMON.replace('weight_decay=None, ', '')}",
   rename={"learning_rate": "lr"}, read=adam)

# ---- schedules: keras.optimizers.schedules.X(optimizer, <its arguments>) --------------------------
SCHED = "keras.optimizers.schedules."


def exponential_decay(c, ctx):
    steps, rate = value(c, "decay_steps"), value(c, "decay_rate")
    p = f"step // {steps}" if literal_or_refuse(c, "staircase") else f"step / {steps}"
    return lambda_lr(c, f"{rate} ** ({p})")


def cosine_decay(c, ctx):
    """Keras 3: `initial * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps)) + alpha)`."""
    if c.given("warmup_target") and c.lit("warmup_target") is not None:
        raise Unsupported("keras.optimizers.schedules.CosineDecay(warmup_target=...) is not translated")
    steps, alpha = value(c, "decay_steps"), value(c, "alpha")
    cos = f"0.5 * (1 + math.cos(math.pi * min(step, {steps}) / {steps}))"
    return lambda_lr(c, f"(1 - {alpha}) * {cos} + {alpha}")


def piecewise_constant(c, ctx):
    """values[i] while step <= boundaries[i] (Keras' boundaries are inclusive)."""
    bounds, values = literal_or_refuse(c, "boundaries"), literal_or_refuse(c, "values")
    if len(values) != len(bounds) + 1:
        raise Unsupported("PiecewiseConstantDecay: one more value than boundaries expected")
    body = f"{values[-1]!r} / {values[0]!r}"
    for b, v in reversed(list(zip(bounds, values))):
        body = f"{v!r} / {values[0]!r} if step <= {b!r} else {body}"
    return lambda_lr(c, body)


fn(SCHED + "ExponentialDecay", "lambda_lr", "optimizer, initial_learning_rate, decay_steps, decay_rate, "
   "staircase=False, name='ExponentialDecay'", read=exponential_decay)
fn(SCHED + "CosineDecay", "lambda_lr", "optimizer, initial_learning_rate, decay_steps, alpha=0.0, "
   "name='CosineDecay', warmup_target=None, warmup_steps=0", read=cosine_decay)
fn(SCHED + "PiecewiseConstantDecay", "lambda_lr", "optimizer, boundaries, values, name='PiecewiseConstant'",
   read=piecewise_constant)

# ---- losses: keras.losses.X(y_true, y_pred, <constructor arguments>) -------------------------------
LOSS = "keras.losses."
REDUCTION = "reduction='sum_over_batch_size', name='{name}', dtype=None"
REDUCTIONS = {"sum_over_batch_size": "mean", "sum": "sum", "none": "none", None: "none"}
TARGET = {"y_true": "target", "y_pred": "input"}


def _reduction(c, per_element: bool = False) -> None:
    """`per_element`: Keras averages the last axis first (a loss per sample), so that only its
    default, the mean over the batch, is PyTorch's mean over every element."""
    r = literal_or_refuse(c, "reduction")
    if per_element and r != "sum_over_batch_size":
        raise Unsupported(f"{c.extra['api']}(reduction={r!r}): Keras reduces each sample's last axis by its mean "
                          "first (PyTorch's sum and none are per element)")
    if r not in REDUCTIONS:
        raise Unsupported(f"{c.extra['api']}(reduction={r!r}) is not translated")
    drop(c, "reduction", "name", "dtype")
    if REDUCTIONS[r] != "mean":
        c.set("reduction", repr(REDUCTIONS[r]))


def from_logits_only(c, ctx):
    """Cross-entropies on logits (PyTorch's take logits); probabilities are refused."""
    if literal_or_refuse(c, "from_logits") is not True:
        raise Unsupported(f"{c.extra['api']}(from_logits=False): probabilities are not translated (PyTorch's "
                          "cross-entropies take logits)")
    only_default(c, {"ignore_class": None, "axis": -1, "label_smoothing": 0.0})
    drop(c, "from_logits")
    _reduction(c, per_element=c.op == "binary_cross_entropy_with_logits")
    return c


def plain(c, ctx):
    """Mean squared / absolute error: Keras averages the last axis, then the batch (the mean of all
    elements where the shapes agree, as PyTorch's reduction='mean')."""
    _reduction(c, per_element=True)
    return c


fn(LOSS + "MeanSquaredError", "mse_loss", "y_true, y_pred, " + REDUCTION.format(name="mean_squared_error"),
   rename=TARGET, read=plain)
fn(LOSS + "MeanAbsoluteError", "l1_loss", "y_true, y_pred, " + REDUCTION.format(name="mean_absolute_error"),
   rename=TARGET, read=plain)
fn(LOSS + "SparseCategoricalCrossentropy", "cross_entropy", "y_true, y_pred, from_logits=False, ignore_class=None, "
   + REDUCTION.format(name="sparse_categorical_crossentropy") + ", axis=-1", rename=TARGET, read=from_logits_only)
fn(LOSS + "BinaryCrossentropy", "binary_cross_entropy_with_logits", "y_true, y_pred, from_logits=False, "
   "label_smoothing=0.0, axis=-1, " + REDUCTION.format(name="binary_crossentropy"), rename=TARGET,
   read=from_logits_only)
# the names compile(loss=...) takes
LOSS_NAMES = {"mse": "MeanSquaredError", "mean_squared_error": "MeanSquaredError", "mae": "MeanAbsoluteError",
              "mean_absolute_error": "MeanAbsoluteError"}

# ---- clipping: tf.clip_by_global_norm(model.parameters(), clip_norm) in the plain form ------------
fn("tensorflow.clip_by_global_norm", "clip_grad_norm", "t_list, clip_norm, use_norm=None, name=None",
   rename={"t_list": "parameters", "clip_norm": "max_norm"},
   read=lambda c, ctx: (only_default(c, {"use_norm": None}), global_norm(c, ctx))[-1])
