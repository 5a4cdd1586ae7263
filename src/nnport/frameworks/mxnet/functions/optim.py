"""Training pivot ops -> Gluon: an optimizer is `gluon.Trainer(model.collect_params(), ...)` computing
PyTorch's update exactly (the loop calls `trainer.step(1)`: the loss is already reduced, so no
1/batch_size rescaling; mxnet/training.py), a schedule the Trainer's `lr_scheduler`.

Where mx.optimizer's update is PyTorch's it is named as Gluon code names it:
- SGD (weight decay added to the gradient as `wd`) -> 'sgd'; with momentum only under a constant
  learning rate (MXNet's momentum accumulates lr-scaled steps, PyTorch's buffer unscaled ones);
- SGD(nesterov=True) -> 'nag' without weight decay (its step leaves the decay out: g + momentum * buf
  where PyTorch has g + wd * w + momentum * buf) under a constant learning rate (as for 'sgd').
Elsewhere a support optimizer of PyTorch's formula (support/optim.py): Adam / AdamW (MXNet adds eps
after the bias correction), RMSprop (eps inside the square root in MXNet), Adagrad (eps inside the
square root, weight decay after the division), SGD with dampening, momentum under a schedule, Nesterov with weight decay.
Checked against PyTorch step by step in tests/gluon/test_optim_gluon.py."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.mxnet.support import helper
from nnport.frameworks.spec import Unsupported, code
from nnport.frameworks.training_functions import plan, text as _t, zero as _zero

TRAINER = "gluon.Trainer({params}, {optimizer})"


def model_of(c, arg: str = "params") -> str:
    """`model.parameters()` (as written, or as the Gluon side writes it) -> `model`."""
    p = c.get(arg)
    if isinstance(p, cst.Call) and isinstance(p.func, cst.Attribute) and not p.args:
        if p.func.attr.value == "parameters":
            return code(p.func.value)
        inner = p.func.value   # model.collect_params().values()
        if p.func.attr.value == "values" and isinstance(inner, cst.Call) and isinstance(inner.func, cst.Attribute) \
                and inner.func.attr.value == "collect_params" and not inner.args:
            return code(inner.func.value)
    raise Unsupported(f"{c.extra['api']}: params must be `model.parameters()` (parameter groups, "
                      "lists of tensors are not translated)")


def _common(c) -> None:
    if c.lit("maximize") is not False:
        raise Unsupported(f"{c.extra['api']}: maximize=True")
    if c.get("amsgrad") is not None and c.lit("amsgrad") is not False:
        raise Unsupported(f"{c.extra['api']}: amsgrad=True")


def _decay(c) -> list[tuple[str, str]]:
    return [] if _zero(c, "weight_decay") else [("wd", _t(c, "weight_decay"))]


def _betas(c) -> list[tuple[str, str]]:
    b = c.lit("betas")
    if isinstance(b, tuple) and len(b) == 2:
        return [(k, repr(v)) for k, v, d in (("beta1", b[0], 0.9), ("beta2", b[1], 0.999)) if v != d]
    return [("beta1", f"{_t(c, 'betas')}[0]"), ("beta2", f"{_t(c, 'betas')}[1]")]


def _eps(c, default: float) -> list[tuple[str, str]]:
    return [] if c.lit("eps") == default else [("epsilon", _t(c, "eps"))]


def _sgd(c, scheduled: bool, ctx):
    """-> (mx.optimizer name or support class, its options)."""
    momentum = [] if _zero(c, "momentum") else [("momentum", _t(c, "momentum"))]
    if c.lit("nesterov") is True and _zero(c, "dampening") and _zero(c, "weight_decay") and not scheduled:
        return "nag", [*momentum, *_decay(c)]
    if (not momentum or not scheduled) and _zero(c, "dampening") and c.lit("nesterov") is False:
        return "sgd", [*momentum, *_decay(c)]
    extra = [] if _zero(c, "dampening") else [("dampening", _t(c, "dampening"))]
    if c.lit("nesterov") is not False:
        extra.append(("nesterov", _t(c, "nesterov")))
    return helper(ctx, "optim", "TorchSGD"), [*momentum, *extra, *_decay(c)]


def _adam(c, scheduled: bool, ctx):
    return helper(ctx, "optim", "TorchAdam"), [*_betas(c), *_eps(c, 1e-08), *_decay(c)]


def _adamw(c, scheduled: bool, ctx):
    return helper(ctx, "optim", "TorchAdam"), [*_betas(c), *_eps(c, 1e-08), ("wd", _t(c, "weight_decay")),
                                               ("decoupled", "True")]


def _rmsprop(c, scheduled: bool, ctx):
    kw = [] if c.lit("alpha") == 0.99 else [("alpha", _t(c, "alpha"))]
    kw += _eps(c, 1e-08)
    kw += [] if _zero(c, "momentum") else [("momentum", _t(c, "momentum"))]
    kw += [] if c.lit("centered") is False else [("centered", _t(c, "centered"))]
    return helper(ctx, "optim", "TorchRMSprop"), [*kw, *_decay(c)]


def _adagrad(c, scheduled: bool, ctx):
    kw = [(name, _t(c, name)) for name in ("lr_decay", "initial_accumulator_value") if not _zero(c, name)]
    return helper(ctx, "optim", "TorchAdagrad"), [*kw, *_eps(c, 1e-10), *_decay(c)]


def trainer(parts):
    def emit(c, ctx):
        _common(c)
        p = plan(ctx)
        scheduled = bool(p.get("schedule"))
        name, options = parts(c, scheduled, ctx)
        lr = [("lr_scheduler", p["schedule"])] if scheduled else [("learning_rate", _t(c, "lr"))]
        options = [*lr, *options]   # a schedule carries the learning rate (its base_lr)
        params = f"{model_of(c)}.collect_params()"
        if name in ("sgd", "nag"):
            opts = ", ".join(f"'{k}': {v}" for k, v in options)
            return TRAINER.format(params=params, optimizer=f"'{name}', {{{opts}}}")
        return TRAINER.format(params=params, optimizer=f"{name}({', '.join(f'{k}={v}' for k, v in options)})")
    return emit


for _op, _api, _parts in (("sgd", "mxnet.gluon.Trainer ('sgd' / 'nag' / TorchSGD)", _sgd), ("adam", "TorchAdam", _adam),
                          ("adamw", "TorchAdam(decoupled=True)", _adamw), ("rmsprop", "TorchRMSprop", _rmsprop),
                          ("adagrad", "TorchAdagrad", _adagrad)):
    fn(_api, _op, trainer(_parts))   # the API named: what docs/support.md shows
