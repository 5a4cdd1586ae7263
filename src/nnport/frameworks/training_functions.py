"""Training code for targets (Flax, Keras, ...): what their optimizer, schedule and data tables read
alike. The readers of PyTorch's canonical arguments (nnport.pivot.training) that every target checks
the same way (maximize, amsgrad, last_epoch, MultiStepLR's milestones, OneCycleLR's options), the
plan translate/train_loop.py hands the emitters (`plan(ctx)`: the schedule, steps per scheduler step,
clipping, the optimizer's `lr`), and in-memory data: a TensorDataset is the tuple of its tensors, a
DataLoader the list of its batches, slices of each tensor in order (the last one shorter unless
drop_last), as PyTorch's default collation stacks them. Shuffling, samplers and collate functions are
refused: their order or batches are PyTorch's own."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code


def plan(ctx) -> dict:
    """What train_loop.py planned for the call being written (empty outside a training loop)."""
    return getattr(ctx, "training", {}).get(id(ctx.node), {})


def text(c, name: str) -> str:
    return code(c.get(name))


def zero(c, name: str) -> bool:
    v = c.lit(name)
    return v is not NOT_LITERAL and not v


def common(c) -> None:
    if c.lit("maximize") is not False:
        raise Unsupported(f"{c.extra['api']}: maximize=True")


def no_amsgrad(c, why: str) -> None:
    if c.lit("amsgrad") is not False:
        raise Unsupported(f"{c.extra['api']}: amsgrad=True ({why})")


def no_dampening(c, why: str) -> None:
    if not zero(c, "dampening"):
        raise Unsupported(f"torch.optim.SGD: dampening ({why})")


def owner(p) -> str | None:
    """`model.parameters()` -> `model`; None for anything else."""
    if isinstance(p, cst.Call) and isinstance(p.func, cst.Attribute) and p.func.attr.value == "parameters" \
            and not p.args:
        return code(p.func.value)
    return None


def model_of(c) -> str:
    """`model.parameters()` -> `model`."""
    if owner(c.get("params")) is not None:
        return owner(c.get("params"))
    raise Unsupported(f"{c.extra['api']}: params must be `model.parameters()` (parameter groups, "
                      "lists of tensors are not translated)")


def betas(c, names=("b1", "b2")) -> list[str]:
    """`betas=(0.8, 0.99)` -> ["b1=0.8", "b2=0.99"] (only those not PyTorch's defaults)."""
    b = c.lit("betas")
    if isinstance(b, tuple) and len(b) == 2:
        return [f"{n}={v!r}" for n, v, d in zip(names, b, (0.9, 0.999)) if v != d]
    return [f"{n}={text(c, 'betas')}[{i}]" for i, n in enumerate(names)]


def schedule_lr(c, ctx) -> str:
    """The learning rate a schedule starts from: the `lr` of the optimizer it schedules."""
    from_start(c)
    lr = plan(ctx).get("lr")
    if lr is None:
        raise Unsupported(f"{c.extra['api']}: the optimizer it schedules is not built in the same function")
    return lr


def from_start(c) -> None:
    if c.lit("last_epoch") != -1:
        raise Unsupported(f"{c.extra['api']}: last_epoch (resuming a schedule)")


def scheduled_lr(c, ctx, per_epoch) -> str:
    """An optimizer's learning rate: its `lr`, or the schedule's name where a scheduler steps it; one
    stepped once per pass over a loader read through `per_epoch(schedule, steps per epoch)` (code)."""
    p = plan(ctx)
    if not p.get("schedule"):
        return text(c, "lr")
    return p["schedule"] if p.get("per") is None else per_epoch(p["schedule"], p["per"])


def cosine(c, ctx, target: str) -> tuple[str, str]:
    """CosineAnnealingLR -> (lr, the eta_min / lr ratio or "" when eta_min is 0); `target`'s cosine
    schedule (named in the note) stays at eta_min after T_max."""
    lr = schedule_lr(c, ctx)
    ctx.note(f"CosineAnnealingLR: equal up to T_max steps; PyTorch's rises again after T_max, {target} "
             "stays at eta_min")
    return lr, "" if c.lit("eta_min") in (0, 0.0) else f"{text(c, 'eta_min')} / {lr}"


def milestones(c) -> dict[int, int]:
    """MultiStepLR: milestone -> how many times it is listed (PyTorch decays once per listing)."""
    ms = c.lit("milestones")
    if not isinstance(ms, (list, tuple, set)) or not all(isinstance(m, int) for m in ms):
        raise Unsupported("MultiStepLR: milestones must be a literal list of integers")
    return {m: list(ms).count(m) for m in sorted(set(ms))}


def one_cycle(c) -> tuple[str, str]:
    """OneCycleLR's checks -> (anneal strategy, total steps code)."""
    from_start(c)
    if c.lit("cycle_momentum") is not False:
        raise Unsupported("OneCycleLR: cycle_momentum=True (PyTorch cycles the optimizer's momentum or "
                          "beta1 too); give cycle_momentum=False")
    if c.lit("three_phase") is not False:
        raise Unsupported("OneCycleLR: three_phase=True")
    how = c.lit("anneal_strategy")
    if how not in ("cos", "linear"):
        raise Unsupported("OneCycleLR: anneal_strategy must be 'cos' or 'linear'")
    if c.lit("total_steps") is not None:
        return how, text(c, "total_steps")
    if c.lit("epochs") is not None and c.lit("steps_per_epoch") is not None:
        return how, f"{text(c, 'epochs')} * {text(c, 'steps_per_epoch')}"
    raise Unsupported("OneCycleLR: give total_steps, or epochs and steps_per_epoch")


def norm_2(c) -> None:
    if c.lit("norm_type") not in (2, 2.0):
        raise Unsupported("clip_grad_norm_: norm_type other than 2")


# ---- in-memory data -----------------------------------------------------------------------------
def tensor_dataset(c, ctx):
    return cst.Tuple([cst.Element(v) for v in c.varargs]) if len(c.varargs) != 1 else \
        cst.parse_expression(f"({code(c.varargs[0])},)")


def loader_checks(c) -> None:
    """DataLoader's refusals: shuffling, samplers, collate functions (PyTorch's own order or batches)."""
    for name, ok in (("shuffle", (None, False)), ("sampler", (None,)), ("batch_sampler", (None,)),
                     ("collate_fn", (None,)), ("generator", (None,))):
        if c.lit(name) not in ok:
            raise Unsupported(f"DataLoader: {name}= (PyTorch's own order or batches)")
    if c.lit("batch_size") is None:
        raise Unsupported("DataLoader: batch_size=None (unbatched samples)")


def data_loader(c, ctx):
    loader_checks(c)
    size, data = code(c.get("batch_size")), c.get("dataset")
    drop = c.lit("drop_last")
    if isinstance(data, cst.Tuple) and data.elements and all(isinstance(e.value, cst.Name) for e in data.elements):
        names = [code(e.value) for e in data.elements]
        first, parts = names[0], ", ".join(f"{n}[i:i + {size}]" for n in names)
        batch = f"({parts},)" if len(names) == 1 else f"({parts})"
    else:
        first, batch = f"{code(data)}[0]", f"tuple(t[i:i + {size}] for t in {code(data)})"
    stop = f"len({first})" if drop is False else f"len({first}) - {size} + 1" if drop is True else \
        f"len({first}) - ({size} - 1 if {code(c.get('drop_last'))} else 0)"
    return f"[{batch} for i in range(0, {stop}, {size})]"


def register_data(fn) -> None:
    """The data entries, registered with a target's `fn`."""
    fn("tuple of the tensors", "tensor_dataset", tensor_dataset)
    fn("list of batches (slices)", "data_loader", data_loader)
