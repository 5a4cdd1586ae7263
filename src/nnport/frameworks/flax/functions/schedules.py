"""Learning-rate schedule and gradient-clipping pivot ops -> optax for Flax NNX.

A PyTorch scheduler multiplies the learning rate of the optimizer it is built on, counted in calls of
`scheduler.step()`; an optax schedule is the learning rate as a function of the update count. The
schedule starts from the optimizer's `lr`, which translate/train_loop.py finds (`lr` in the plan of
the call); where the scheduler steps once per epoch the optimizer reads it at `count // len(loader)`
(optim.py). Checked against PyTorch step by step in tests/frameworks/test_optim_flax.py.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.flax.functions._registry import fn
from nnport.frameworks.spec import Unsupported, code
from nnport.frameworks.training_args import from_start as _from_start, one_cycle_total
from nnport.frameworks.training_args import clip_norm_type, plan as _plan, schedule_lr as _lr, text as _t


def step_lr(c, ctx):
    _from_start(c)
    return (f"optax.exponential_decay({_lr(c, ctx)}, transition_steps={_t(c, 'step_size')}, "
            f"decay_rate={_t(c, 'gamma')}, staircase=True)")


def multi_step_lr(c, ctx):
    _from_start(c)
    milestones = c.lit("milestones")
    if not isinstance(milestones, (list, tuple, set)) or not all(isinstance(m, int) for m in milestones):
        raise Unsupported("MultiStepLR: milestones must be a literal list of integers")
    counts = {m: list(milestones).count(m) for m in sorted(set(milestones))}   # PyTorch counts repeats
    scales = ", ".join(f"{m}: {_t(c, 'gamma')}" + (f" ** {k}" if k > 1 else "") for m, k in counts.items())
    return f"optax.piecewise_constant_schedule({_lr(c, ctx)}, {{{scales}}})"


def exponential_lr(c, ctx):
    _from_start(c)
    return f"optax.exponential_decay({_lr(c, ctx)}, transition_steps=1, decay_rate={_t(c, 'gamma')})"


def cosine_annealing_lr(c, ctx):
    _from_start(c)
    lr = _lr(c, ctx)
    ctx.note("CosineAnnealingLR: equal up to T_max steps; PyTorch's rises again after T_max, "
             "optax.cosine_decay_schedule stays at eta_min")
    alpha = "" if c.lit("eta_min") in (0, 0.0) else f", alpha={_t(c, 'eta_min')} / {lr}"
    return f"optax.cosine_decay_schedule({lr}, decay_steps={_t(c, 'T_max')}{alpha})"


TRACEABLE = {"min": "jnp.minimum", "max": "jnp.maximum", "math.cos": "jnp.cos", "math.sin": "jnp.sin",
             "math.exp": "jnp.exp", "math.log": "jnp.log", "math.sqrt": "jnp.sqrt"}


class _Traced(cst.CSTTransformer):
    """A LambdaLR lambda's body read by optax on a traced count (jit): min/max and math functions as
    jnp's; Python branches and other calls left as they are, and the step not compiled."""

    def __init__(self):
        super().__init__()
        self.traceable = True

    def leave_Call(self, original, updated):
        name = code(updated.func)
        if name in TRACEABLE:
            return updated.with_changes(func=cst.parse_expression(TRACEABLE[name]))
        self.traceable = False
        return updated

    def visit_IfExp(self, node):
        self.traceable = False

    def visit_Comparison(self, node):
        self.traceable = False

    def visit_BooleanOperation(self, node):
        self.traceable = False


def lambda_lr(c, ctx):
    _from_start(c)
    lr, f = _lr(c, ctx), cst.parse_expression(code(c.get("lr_lambda")))
    if isinstance(f, cst.Lambda) and len(f.params.params) == 1 and not isinstance(f.params.star_arg, cst.Param):
        param, traced = f.params.params[0].name.value, _Traced()
        body = f.body.visit(traced)
        _plan(ctx)["traced"] = traced.traceable
        return f"lambda {param}: {lr} * ({code(body if traced.traceable else f.body)})"
    if isinstance(f, (cst.List, cst.Tuple)):
        raise Unsupported("LambdaLR: one lambda per parameter group")
    _plan(ctx)["traced"] = False   # a function of the user's: Python that may branch on the count
    return f"lambda count: {lr} * ({code(f)})(count)"


def one_cycle_lr(c, ctx):
    total, how = one_cycle_total(c), c.lit("anneal_strategy")
    peak, pct = _t(c, "max_lr"), _t(c, "pct_start")
    start = f"{peak} / {_t(c, 'div_factor')}"
    low = f"{start} / {_t(c, 'final_div_factor')}"
    up = f"{pct} * {total} - 1"   # PyTorch's phase ends: pct_start * total - 1, then total - 1
    down = f"{total} - 1 - ({up})"
    if how == "cos":
        phases = [f"optax.cosine_decay_schedule({start}, {up}, alpha={peak} / ({start}))",
                  f"optax.cosine_decay_schedule({peak}, {down}, alpha={low} / {peak})"]
    else:
        phases = [f"optax.linear_schedule({start}, {peak}, {up})", f"optax.linear_schedule({peak}, {low}, {down})"]
    return f"optax.join_schedules([{', '.join(phases)}], [{up}])"


def clip_grad_norm(c, ctx):
    clip_norm_type(c)
    ctx.note("clip_grad_norm_: optax.clip_by_global_norm scales by max_norm / norm where PyTorch "
             "scales by max_norm / (norm + 1e-6): a relative difference of 1e-6 / norm")
    return f"optax.clip_by_global_norm({_t(c, 'max_norm')})"


def clip_grad_value(c, ctx):
    return f"optax.clip({_t(c, 'clip_value')})"


for _api, _f in (("optax.exponential_decay", step_lr),
                 ("optax.piecewise_constant_schedule", multi_step_lr), ("exponential_lr", exponential_lr),
                 ("optax.cosine_decay_schedule", cosine_annealing_lr), ("lr * lr_lambda(count), a lambda", lambda_lr),
                 ("optax.join_schedules", one_cycle_lr), ("optax.clip_by_global_norm", clip_grad_norm),
                 ("optax.clip", clip_grad_value)):
    fn(_api, _f.__name__, _f)   # the API named: what docs/support.md shows
