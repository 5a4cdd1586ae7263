"""Training code of a source other than PyTorch, read into the pivot's training ops (shared by the
Keras and Flax readers: keras/reading/training.py, flax/reading/training.py).

The source's `prepare` rewrites a training loop into the plain form (keras/train_prepare.py,
flax/train_prepare.py): the optimizer built on `model.parameters()` with its learning rate a number,
a schedule built on the optimizer, `optimizer.zero_grad()`, `loss.backward()`, clipping on
`model.parameters()`, `optimizer.step()`, `scheduler.step()`. The readers then see calls with
the source's own argument names (after the inserted `params` / `optimizer`) and give PyTorch's
canonical arguments: a schedule the torch schedulers have no class for is `lambda_lr` with an
`lr_lambda` (the source's value at step `step` over the optimizer's learning rate).
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.spec import NOT_LITERAL, Canon, Unsupported, code

SCHEDULED = "_nnport_scheduled"   # prepare's mark on an optimizer whose learning rate a schedule sets
PREPARED = ("params", "optimizer", "parameters", SCHEDULED)   # arguments of the plain form, not of the API


def drop(c: Canon, *names: str) -> None:
    for name in names:
        c.args.pop(name, None)
        c.defaults.pop(name, None)


def scheduled(c: Canon) -> bool:
    """The optimizer's learning rate follows a schedule (the mark prepare adds), the mark taken out."""
    given = c.lit(SCHEDULED) is True
    drop(c, SCHEDULED)
    return given


def value(c: Canon, name: str) -> str:
    """The code of an argument (given or default)."""
    node = c.get(name)
    if node is None:
        raise Unsupported(f"{c.extra.get('api')}: no value for {name}")
    return code(node)


def literal_or_refuse(c: Canon, name: str, api: str | None = None):
    v = c.lit(name)
    if v is NOT_LITERAL:
        raise Unsupported(f"{api or c.extra.get('api')}: {name}={value(c, name)} must be a literal")
    return v


def only_default(c: Canon, names: dict[str, object], why: str = "") -> None:
    """Arguments without a PyTorch equivalent: refused unless they have their no-effect value."""
    for name, neutral in names.items():
        v = c.lit(name)
        if c.given(name) and v != neutral:
            raise Unsupported(f"{c.extra.get('api')}: {name}={value(c, name)} is not translated{why}")
        drop(c, name)


def lambda_lr(c: Canon, ratio: str) -> Canon:
    """The schedule as `LambdaLR(optimizer, lambda step: <ratio>)`: `ratio` is the source's learning
    rate at `step` (the number of optimizer steps taken) over the optimizer's learning rate (the
    base prepare gave it)."""
    return Canon("lambda_lr", {"optimizer": c.get("optimizer"),
                               "lr_lambda": cst.parse_expression(f"lambda step: {ratio}")})


def betas(c: Canon, b1: str, b2: str) -> None:
    """(b1, b2) arguments -> `betas=(b1, b2)` where either differs from PyTorch's (0.9, 0.999)."""
    one, two = value(c, b1), value(c, b2)
    drop(c, b1, b2)
    if (one, two) != ("0.9", "0.999"):
        c.set("betas", f"({one}, {two})")


def global_norm(c: Canon, ctx) -> Canon:
    """Clipping by the global norm (tf.clip_by_global_norm, optax.clip_by_global_norm: g * c / max(norm, c))
    read as torch's clip_grad_norm_, which scales by c / (norm + 1e-6): said in a note."""
    drop(c, "use_norm", "name")
    ctx.note(f"{c.extra.get('api')}: torch.nn.utils.clip_grad_norm_ scales by max_norm / (norm + 1e-6) where "
             "this scales by max_norm / norm: a relative difference of 1e-6 / norm on clipped steps")
    return c
