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
from nnport.frameworks.spec import Canon, Unsupported, literal
from nnport.frameworks.training_functions import betas, common, no_amsgrad, owner, plan as _plan, text as _text, \
    zero as _zero

OPTIMIZER = "nnx.Optimizer({model}, {tx}, wrt=nnx.Param)"
_AMSGRAD = "optax.amsgrad takes the maximum of the bias-corrected second moments, PyTorch of the raw ones"


def _model(c) -> str:
    """`model.parameters()` -> `model` (what nnx.Optimizer updates); parameter groups: their common root."""
    groups = _groups(c)
    if groups:
        return groups[0][1].split(".")[0]
    if owner(c.get("params")) is not None:
        return owner(c.get("params"))
    raise Unsupported(f"{c.extra['api']}: params must be `model.parameters()` or parameter groups of "
                      "submodules (lists of tensors are not translated)")


def _groups(c) -> list | None:
    """PyTorch's parameter groups `[{"params": model.head.parameters(), "lr": 0.01}, ...]` ->
    [(label, module, the optimizer's arguments with the group's options)]; None: no groups."""
    p = c.get("params")
    if not isinstance(p, (cst.List, cst.Tuple)):
        return None
    out = []
    for el in p.elements:
        if not isinstance(el.value, cst.Dict):
            raise Unsupported(f"{c.extra['api']}: parameter groups must be dicts")
        g, module = Canon(c.op, dict(c.args), c.defaults, c.varargs, c.extra), None
        for item in el.value.elements:
            key = literal(item.key) if isinstance(item, cst.DictElement) else None
            if key == "params":
                module = owner(item.value)
            elif (key in c.defaults or key in c.args) and key != "params":
                g.set(key, item.value)
            else:
                raise Unsupported(f"{c.extra['api']}: parameter group option {key!r}")
        if module is None or "." not in module:
            raise Unsupported(f"{c.extra['api']}: a parameter group's params must be `model.<submodule>.parameters()`")
        out.append((module.rsplit(".", 1)[-1], module, g))
    roots, labels = {m.split(".")[0] for _, m, _ in out}, [n for n, _, _ in out]
    if len(roots) != 1 or len(set(labels)) != len(labels):
        raise Unsupported(f"{c.extra['api']}: parameter groups must be distinct submodules of one model")
    return out


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
    no_amsgrad(c, _AMSGRAD)
    _eps_placed_as_torch(c)
    return [*_coupled_decay(c), f"optax.adam({', '.join([lr, *betas(c), *_eps(c, 1e-08)])})"]


def _adamw(c, lr: str, scheduled: bool, ctx) -> list[str]:
    no_amsgrad(c, _AMSGRAD)
    _eps_placed_as_torch(c)
    decay = f"weight_decay={_text(c, 'weight_decay')}"   # always: optax's default is 1e-4, PyTorch's 0.01
    return [f"optax.adamw({', '.join([lr, *betas(c), *_eps(c, 1e-08), decay])})"]


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
        common(c)
        plan = _plan(ctx)
        lr = _text(c, "lr")
        if plan.get("schedule"):   # the scheduler's count: optimizer steps, or passes over a loader
            lr = plan["schedule"] if plan.get("per") is None else \
                f"lambda count: {plan['schedule']}(count // {plan['per']})"
        groups = _groups(c)
        if groups and plan.get("schedule"):
            raise Unsupported(f"{c.extra['api']}: a learning-rate schedule over parameter groups")
        body = parts(c, lr, bool(plan.get("schedule")), ctx) if not groups else [_multi(groups, parts, ctx)]
        chain = [*plan.get("clip", []), *body]
        tx = chain[0] if len(chain) == 1 else "optax.chain(" + ", ".join(chain) + ")"
        return OPTIMIZER.format(model=_model(c), tx=tx)
    return emit


def _multi(groups, parts, ctx) -> str:
    """optax.multi_transform: each group's own transformation, labels by submodule path."""
    txs = []
    for name, _, g in groups:
        chain = parts(g, _text(g, "lr"), False, ctx)
        txs.append(f"{name!r}: " + (chain[0] if len(chain) == 1 else "optax.chain(" + ", ".join(chain) + ")"))
    labels = helper(ctx, "optim", "param_group_labels")
    paths = ", ".join(f"{name!r}: {tuple(m.split('.')[1:])!r}" for name, m, _ in groups)
    return f"optax.multi_transform({{{', '.join(txs)}}}, {labels}({{{paths}}}))"


for _op, _api, _parts in (("sgd", "optax.sgd", _sgd), ("adam", "optax.adam", _adam), ("adamw", "optax.adamw", _adamw),
                          ("rmsprop", "optax.rmsprop", _rmsprop), ("adagrad", "scale_by_torch_adagrad", _adagrad)):
    fn(_api, _op, optimizer(_parts))   # the API named (written inside nnx.Optimizer): docs/support.md shows it
