"""Readers: mxnet.optimizer optimizers, mx.lr_scheduler schedules and gluon.loss losses in a Gluon
training loop -> the training pivot ops (PyTorch's canonical arguments and semantics), in the plain
form mxnet/train_prepare.py writes (the optimizer on `model.parameters()` with Trainer's options as
keywords, a schedule on the optimizer with the optimizer's base learning rate, a loss object's call as
one call `gluon.loss.X(pred, label, <its constructor arguments>)`).

Semantics: MXNet's SGD momentum (`m = momentum * m - lr * (g + wd * w); w += m`) is PyTorch's
(`b = momentum * b + g + wd * w; w -= lr * b`) while the learning rate is constant (with a schedule:
refused); its `wd` is added to the gradient (PyTorch's weight_decay). MXNet's Adam scales the learning
rate by sqrt(1 - beta2^t) / (1 - beta1^t) and adds epsilon to sqrt(v) (the pivot's
`eps_outside_correction`). A schedule is called with the number of the update (1 for the first): as
LambdaLR stepped after each optimizer step, at step + 1. Losses are per sample (the mean over every axis
but the batch axis 0), as Gluon returns them.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.reading.source_registry import written
from nnport.frameworks.mxnet.reading.registry import FUNCTIONS
from nnport.frameworks.spec import Canon, Entry, Unsupported
from nnport.frameworks.training_source import drop, lambda_lr, literal_or_refuse, only_default, scheduled, value

OPTIONS = ("rescale_grad=1.0, param_idx2name=None, wd=0.0, clip_gradient=None, learning_rate=None, "
           "lr_scheduler=None, sym=None, begin_num_update=0, multi_precision=False, param_dict=None, "
           "_nnport_scheduled=False")


def _fn(api: str, op: str, signature: str, **kw) -> Entry:
    return FUNCTIONS.add(Entry(api, op, signature, kind="function", **kw))


def _common(c) -> bool:
    """The options every mxnet.optimizer takes: wd as weight_decay, the learning rate."""
    only_default(c, {"rescale_grad": 1.0, "clip_gradient": None, "begin_num_update": 0, "param_dict": None},
                 " (clip in the loop: gluon.utils.clip_global_norm)")
    drop(c, "param_idx2name", "sym", "multi_precision", "lazy_update", "lr_scheduler")
    if c.lit("lr") is None:   # Optimizer's learning_rate=None: 0.01 (Adam's own default 0.001)
        c.set("lr", "0.01")
    decay = c.get("wd")
    drop(c, "wd")
    if decay is not None and _literal(decay) not in (0, 0.0):
        c.args["weight_decay"] = decay
    return scheduled(c)


def _literal(node):
    from nnport.frameworks.spec import NOT_LITERAL, code, literal
    v = literal(node)
    if v is NOT_LITERAL:
        raise Unsupported(f"mxnet.optimizer: wd={code(node)} must be a literal")
    return v


def sgd(c, ctx):
    sched = _common(c)
    m = literal_or_refuse(c, "momentum")
    drop(c, "momentum")
    if m not in (0, 0.0):
        if sched:
            raise Unsupported("mxnet.optimizer.SGD with momentum on a schedule: MXNet's momentum holds lr * g, "
                              "PyTorch's g (equal only at a constant learning rate)")
        c.set("momentum", repr(m))
    return c


def adam(c, ctx):
    _common(c)
    one, two = value(c, "beta1"), value(c, "beta2")
    drop(c, "beta1", "beta2")
    if (one, two) != ("0.9", "0.999"):
        c.set("betas", f"({one}, {two})")
    c.set("eps", value(c, "epsilon"))
    drop(c, "epsilon")
    c.set("eps_outside_correction", "True")
    return c


_fn("mxnet.optimizer.SGD", "sgd", f"params, momentum=0.0, lazy_update=True, {OPTIONS}",
    rename={"learning_rate": "lr"}, read=sgd)
_fn("mxnet.optimizer.Adam", "adam", f"params, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08, "
    f"lazy_update=True, {OPTIONS.replace('learning_rate=None, ', '')}", rename={"learning_rate": "lr"}, read=adam)


# ---- schedules: mx.lr_scheduler.X(optimizer, <its arguments>, base_lr=<the optimizer's>) --------------
WARMUP = {"warmup_steps": 0, "warmup_begin_lr": 0, "warmup_mode": "linear"}


def factor(c, ctx):
    """base * factor ** ((t - 1) // step) at update t (kept at or above stop_factor_lr)."""
    only_default(c, WARMUP)
    s, f = value(c, "step"), value(c, "factor")
    return lambda_lr(c, f"max({f} ** (step // {s}), {value(c, 'stop_factor_lr')} / {value(c, 'base_lr')})")


def multi_factor(c, ctx):
    """base * factor ** (the number of milestones below update t)."""
    only_default(c, WARMUP)
    steps = literal_or_refuse(c, "step")
    if not isinstance(steps, (list, tuple)) or not steps:
        raise Unsupported("mx.lr_scheduler.MultiFactorScheduler: step must be a list of numbers")
    return lambda_lr(c, f"{value(c, 'factor')} ** sum(step >= m for m in {tuple(steps)!r})")


def cosine(c, ctx):
    """final + (base - final) * (1 + cos(pi * t / max_update)) / 2 up to max_update, then final."""
    only_default(c, WARMUP)
    n, base, final = value(c, "max_update"), value(c, "base_lr"), value(c, "final_lr")
    return lambda_lr(c, f"({final} + ({base} - {final}) * (1 + math.cos(math.pi * min(step + 1, {n}) / {n})) / 2) "
                        f"/ {base}")


_fn("mxnet.lr_scheduler.FactorScheduler", "lambda_lr", "optimizer, step, factor=1, stop_factor_lr=1e-08, "
    "base_lr=0.01, warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'", read=factor)
_fn("mxnet.lr_scheduler.MultiFactorScheduler", "lambda_lr", "optimizer, step, factor=1, base_lr=0.01, "
    "warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'", read=multi_factor)
_fn("mxnet.lr_scheduler.CosineScheduler", "lambda_lr", "optimizer, max_update, base_lr=0.01, final_lr=0, "
    "warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'", read=cosine)


# ---- losses: gluon.loss.X(pred, label, <constructor arguments>), per sample ---------------------------
def _per_sample(c, ctx, scale: float | None = None) -> Canon:
    """The per-element loss (reduction='none') averaged over every axis but the first."""
    only_default(c, {"weight": None, "batch_axis": 0}, " (the loss is weighted or batched otherwise)")
    c.set("reduction", "'none'")
    if c.op == "cross_entropy":   # one value per sample already
        return c
    from nnport.translate import reading
    inner = reading.write(reading.target_entry(ctx.dst.functions, c.op, c.op, c), c, ctx)
    flat = written(ctx, "flatten", input=inner, start_dim="1")
    mean = Canon("mean", {"input": flat, "dim": cst.parse_expression("1")})
    if scale is None:
        return mean
    return Canon("mul", {"input": written(ctx, "mean", input=flat, dim="1"), "other": cst.parse_expression(repr(scale))})


def l2(c, ctx):
    """0.5 * weight * (pred - label)^2: PyTorch's squared error times 0.5 (weight: 1.0 only)."""
    if literal_or_refuse(c, "weight") not in (1, 1.0):
        raise Unsupported("gluon.loss.L2Loss(weight=...): only 1.0 is translated")
    drop(c, "weight")
    return _per_sample(c, ctx, 0.5)


def cross_entropy(c, ctx):
    """log_softmax then the label's entry (sparse labels, on logits, over the last axis of (batch, classes)
    scores: PyTorch's class axis 1)."""
    only_default(c, {"axis": -1, "sparse_label": True, "from_logits": False})
    c.args["target"] = written(ctx, "long", input=c.args["target"])
    return _per_sample(c, ctx)


def bce(c, ctx):
    only_default(c, {"from_sigmoid": False})
    return _per_sample(c, ctx)


LOSS = "mxnet.gluon.loss."
PL = {"pred": "input", "label": "target"}
_fn(LOSS + "L2Loss", "mse_loss", "pred, label, weight=1.0, batch_axis=0", rename=PL, read=l2)
_fn(LOSS + "L1Loss", "l1_loss", "pred, label, weight=None, batch_axis=0", rename=PL, read=_per_sample)
_fn(LOSS + "SoftmaxCrossEntropyLoss", "cross_entropy", "pred, label, axis=-1, sparse_label=True, from_logits=False, "
    "weight=None, batch_axis=0", rename=PL, read=cross_entropy)
_fn(LOSS + "SigmoidBinaryCrossEntropyLoss", "binary_cross_entropy_with_logits", "pred, label, from_sigmoid=False, "
    "weight=None, batch_axis=0", rename=PL, read=bce)


# ---- clipping: gluon.utils.clip_global_norm(model.parameters(), max_norm) in the plain form ----------
def clip_global_norm(c, ctx):
    """Gluon scales by max_norm / (norm + 1e-8) where the norm exceeds max_norm, PyTorch's clip_grad_norm_
    by max_norm / (norm + 1e-6): said in a note. check_isfinite only warns (no numerical effect)."""
    drop(c, "check_isfinite")
    ctx.note("gluon.utils.clip_global_norm: torch.nn.utils.clip_grad_norm_ scales by max_norm / (norm + 1e-6) "
             "where Gluon scales by max_norm / (norm + 1e-8): a relative difference of about 1e-6 / norm on clipped "
             "steps")
    return c


_fn("mxnet.gluon.utils.clip_global_norm", "clip_grad_norm", "arrays, max_norm, check_isfinite=True",
    rename={"arrays": "parameters"}, read=clip_global_norm)
