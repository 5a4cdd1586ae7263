"""The canonical arguments of the training pivot ops (nnport.pivot.training: PyTorch's), read the
same way by every target's optimizer and schedule emitters (flax/functions/{optim,schedules}.py,
mxnet/functions/{optim,schedules}.py): their code, zero values, the loop plan of the call
(translate/train_loop.py puts there the schedule, its steps per scheduler step, the clipping and the
optimizer's learning rate), and the refusals the targets share."""
from __future__ import annotations

from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code


def text(c, name: str) -> str:
    return code(c.get(name))


def zero(c, name: str) -> bool:
    v = c.lit(name)
    return v is not NOT_LITERAL and not v


def plan(ctx) -> dict:
    """What the loop plan says about the call being written."""
    return getattr(ctx, "training", {}).get(id(ctx.node), {})


def schedule_lr(c, ctx) -> str:
    """The code of the learning rate of the optimizer a scheduler is built on."""
    lr = plan(ctx).get("lr")
    if lr is None:
        raise Unsupported(f"{c.extra['api']}: the optimizer it schedules is not built in the same function")
    return lr


def from_start(c) -> None:
    if c.lit("last_epoch") != -1:
        raise Unsupported(f"{c.extra['api']}: last_epoch (resuming a schedule)")


def one_cycle_total(c) -> str:
    """OneCycleLR's refusals (momentum cycling, three phases, another annealing) and its total steps."""
    from_start(c)
    if c.lit("cycle_momentum") is not False:
        raise Unsupported("OneCycleLR: cycle_momentum=True (PyTorch cycles the optimizer's momentum or "
                          "beta1 too); give cycle_momentum=False")
    if c.lit("three_phase") is not False:
        raise Unsupported("OneCycleLR: three_phase=True")
    if c.lit("anneal_strategy") not in ("cos", "linear"):
        raise Unsupported("OneCycleLR: anneal_strategy must be 'cos' or 'linear'")
    if c.lit("total_steps") is not None:
        return text(c, "total_steps")
    if c.lit("epochs") is not None and c.lit("steps_per_epoch") is not None:
        return f"{text(c, 'epochs')} * {text(c, 'steps_per_epoch')}"
    raise Unsupported("OneCycleLR: give total_steps, or epochs and steps_per_epoch")


def clip_norm_type(c) -> None:
    if c.lit("norm_type") not in (2, 2.0):
        raise Unsupported("clip_grad_norm_: norm_type other than 2")
