"""Training pivot ops -> optax for Flax NNX: an optimizer is `nnx.Optimizer(model, tx, wrt=nnx.Param)`
with `tx` an optax transformation computing PyTorch's update exactly; a schedule an optax schedule;
gradient clipping a transformation first in the optimizer's chain (translate/train_loop.py puts it
there, and the schedule in place of the learning rate).

PyTorch -> optax, checked step by step in tests/frameworks/test_optim_flax.py:
- weight_decay (SGD, Adam, RMSprop, Adagrad: added to the gradient) -> optax.add_decayed_weights first;
- AdamW's decoupled decay p -= lr * wd * p -> optax.adamw(weight_decay=wd) (optax scales wd * p by the
  learning rate too); PyTorch's default 0.01 is always written (optax's is 1e-4);
- RMSprop: eps outside the square root (eps_in_sqrt=False), alpha -> decay; with momentum and a
  schedule the learning rate goes after the momentum trace, as PyTorch's buffer holds unscaled steps;
- Adagrad: eps outside the square root, which no optax transformation has: a helper (support/optim.py).
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.flax.functions._registry import fn
from nnport.frameworks.flax.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code

OPTIMIZER = "nnx.Optimizer({model}, {tx}, wrt=nnx.Param)"


def _text(c, name: str) -> str:
    return code(c.get(name))


def _zero(c, name: str) -> bool:
    v = c.lit(name)
    return v is not NOT_LITERAL and not v


def _model(c) -> str:
    """`model.parameters()` -> `model` (what nnx.Optimizer updates)."""
    p = c.get("params")
    if isinstance(p, cst.Call) and isinstance(p.func, cst.Attribute) and p.func.attr.value == "parameters" \
            and not p.args:
        return code(p.func.value)
    raise Unsupported(f"{c.extra['api']}: params must be `model.parameters()` (parameter groups, "
                      "lists of tensors are not translated)")


def _plan(ctx) -> dict:
    return getattr(ctx, "training", {}).get(id(ctx.node), {})


def _common(c) -> None:
    if c.lit("maximize") is not False:
        raise Unsupported(f"{c.extra['api']}: maximize=True")


def _no_amsgrad(c) -> None:
    if c.lit("amsgrad") is not False:
        raise Unsupported(f"{c.extra['api']}: amsgrad=True (optax.amsgrad takes the maximum of the "
                          "bias-corrected second moments, PyTorch of the raw ones)")


def _betas(c) -> list[str]:
    b = c.lit("betas")
    if isinstance(b, tuple) and len(b) == 2:
        out = []
        if b[0] != 0.9:
            out.append(f"b1={b[0]!r}")
        if b[1] != 0.999:
            out.append(f"b2={b[1]!r}")
        return out
    return [f"b1={_text(c, 'betas')}[0]", f"b2={_text(c, 'betas')}[1]"]


def _eps(c, default: float) -> list[str]:
    return [] if c.lit("eps") == default else [f"eps={_text(c, 'eps')}"]


def _coupled_decay(c) -> list[str]:
    return [] if _zero(c, "weight_decay") else [f"optax.add_decayed_weights({_text(c, 'weight_decay')})"]


def _sgd(c, lr: str, scheduled: bool, ctx) -> list[str]:
    if not _zero(c, "dampening"):
        raise Unsupported("torch.optim.SGD: dampening (PyTorch does not damp the first step; optax.trace "
                          "has no dampening)")
    kw = [] if _zero(c, "momentum") else [f"momentum={_text(c, 'momentum')}"]
    if c.lit("nesterov") is not False:
        kw.append(f"nesterov={_text(c, 'nesterov')}")
    return [*_coupled_decay(c), f"optax.sgd({', '.join([lr, *kw])})"]


def _eps_placed_as_torch(c) -> None:
    """optax adds eps where PyTorch does (after the bias correction): Keras' placement is refused."""
    if c.lit("eps_outside_correction") is True:
        raise Unsupported(f"{c.extra.get('api', 'adam')}: epsilon added before the bias correction (Keras' Adam) "
                          "has no optax transformation")


def _adam(c, lr: str, scheduled: bool, ctx) -> list[str]:
    _no_amsgrad(c)
    _eps_placed_as_torch(c)
    return [*_coupled_decay(c), f"optax.adam({', '.join([lr, *_betas(c), *_eps(c, 1e-08)])})"]


def _adamw(c, lr: str, scheduled: bool, ctx) -> list[str]:
    _no_amsgrad(c)
    _eps_placed_as_torch(c)
    decay = f"weight_decay={_text(c, 'weight_decay')}"   # always: optax's default is 1e-4, PyTorch's 0.01
    return [f"optax.adamw({', '.join([lr, *_betas(c), *_eps(c, 1e-08), decay])})"]


def _rmsprop(c, lr: str, scheduled: bool, ctx) -> list[str]:
    rms = [f"decay={_text(c, 'alpha')}", f"eps={_text(c, 'eps')}", "eps_in_sqrt=False"]
    centered = [] if c.lit("centered") is False else [f"centered={_text(c, 'centered')}"]
    if _zero(c, "momentum"):
        return [*_coupled_decay(c), f"optax.rmsprop({', '.join([lr, *rms, *centered])})"]
    if not scheduled:
        momentum = f"momentum={_text(c, 'momentum')}"
        return [*_coupled_decay(c), f"optax.rmsprop({', '.join([lr, *rms, *centered, momentum])})"]
    scale = "optax.scale_by_stddev" if centered else "optax.scale_by_rms"
    return [*_coupled_decay(c), f"{scale}({', '.join(rms)})", f"optax.trace(decay={_text(c, 'momentum')})",
            f"optax.scale_by_learning_rate({lr})"]


def _adagrad(c, lr: str, scheduled: bool, ctx) -> list[str]:
    if not _zero(c, "lr_decay"):
        raise Unsupported("torch.optim.Adagrad: lr_decay")
    name = helper(ctx, "optim", "scale_by_torch_adagrad")
    kw = [] if _zero(c, "initial_accumulator_value") else [f"initial_accumulator_value={_text(c, 'initial_accumulator_value')}"]
    kw += _eps(c, 1e-10)
    return [*_coupled_decay(c), f"{name}({', '.join(kw)})", f"optax.scale_by_learning_rate({lr})"]


def optimizer(parts):
    def emit(c, ctx):
        _common(c)
        plan = _plan(ctx)
        lr = _text(c, "lr")
        if plan.get("schedule"):   # the scheduler's count: optimizer steps, or passes over a loader
            lr = plan["schedule"] if plan.get("per") is None else \
                f"lambda count: {plan['schedule']}(count // {plan['per']})"
        chain = [*plan.get("clip", []), *parts(c, lr, bool(plan.get("schedule")), ctx)]
        tx = chain[0] if len(chain) == 1 else "optax.chain(" + ", ".join(chain) + ")"
        return OPTIMIZER.format(model=_model(c), tx=tx)
    return emit


for _op, _api, _parts in (("sgd", "optax.sgd", _sgd), ("adam", "optax.adam", _adam), ("adamw", "optax.adamw", _adamw),
                          ("rmsprop", "optax.rmsprop", _rmsprop), ("adagrad", "scale_by_torch_adagrad", _adagrad)):
    fn(_api, _op, optimizer(_parts))   # the API named (written inside nnx.Optimizer): docs/support.md shows it
