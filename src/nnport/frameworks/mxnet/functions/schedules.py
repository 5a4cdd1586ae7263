"""Learning-rate schedule and gradient-clipping pivot ops -> Gluon.

A PyTorch scheduler counts its `scheduler.step()` calls; an mx.lr_scheduler is called with the
optimizer's update count n (1 at the first update), so PyTorch's count is n - 1, or (n - 1) //
len(loader) where the scheduler steps once per pass over a loader (`per` in the plan, from
translate/train_loop.py). The schedule carries the optimizer's learning rate as its base_lr
(optim.py gives the Trainer no other). mx.lr_scheduler where it is PyTorch's schedule:
- StepLR -> FactorScheduler(step, factor) (the rate changes after `step` updates, as PyTorch's);
- MultiStepLR -> MultiFactorScheduler (increasing milestones >= 1);
- ExponentialLR -> FactorScheduler(step=1);
each with stop_factor_lr=0 where MXNet would stop decaying at 1e-8. Elsewhere LambdaScheduler
(support/optim.py) of PyTorch's formula: CosineAnnealingLR (its closed form, also past T_max),
LambdaLR, OneCycleLR. Clipping stays a statement between backward() and step() (mxnet/training.py)."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.mxnet.functions.optim import model_of
from nnport.frameworks.mxnet.support import helper
from nnport.frameworks.spec import Unsupported, code
from nnport.frameworks.training_functions import milestones, norm_2, one_cycle, plan
from nnport.frameworks.training_functions import schedule_lr as _lr, text as _t


def _times(n: str, per: str | None) -> str:
    return n if per is None else f"{n} * {per}"


def _lambda(ctx, body: str, param: str = "step") -> str:
    per = plan(ctx).get("per")
    name = helper(ctx, "optim", "LambdaScheduler")
    return f"{name}(lambda {param}: {body}" + (")" if per is None else f", per={per})")


def _decays(c) -> bool:
    """gamma a literal in (0, 1]: mx.lr_scheduler refuses factors above 1."""
    g = c.lit("gamma")
    return isinstance(g, (int, float)) and 0 < g <= 1


def step_lr(c, ctx):
    lr, per = _lr(c, ctx), plan(ctx).get("per")
    if not _decays(c):
        return _lambda(ctx, f"{lr} * {_t(c, 'gamma')} ** (step // {_t(c, 'step_size')})")
    return (f"mx.lr_scheduler.FactorScheduler(step={_times(_t(c, 'step_size'), per)}, factor={_t(c, 'gamma')}, "
            f"base_lr={lr}, stop_factor_lr=0)")


def multi_step_lr(c, ctx):
    lr, per = _lr(c, ctx), plan(ctx).get("per")
    milestones(c)   # a literal list of integers, else refused
    m = list(c.lit("milestones"))
    if m != sorted(set(m)) or not m or m[0] < 1 or not _decays(c):   # repeats count in PyTorch
        return _lambda(ctx, f"{lr} * {_t(c, 'gamma')} ** sum(step >= m for m in {sorted(m)!r})")
    steps = ", ".join(_times(str(x), per) for x in m)
    return f"mx.lr_scheduler.MultiFactorScheduler(step=[{steps}], factor={_t(c, 'gamma')}, base_lr={lr})"


def exponential_lr(c, ctx):
    lr, per = _lr(c, ctx), plan(ctx).get("per")
    if not _decays(c):
        return _lambda(ctx, f"{lr} * {_t(c, 'gamma')} ** step")
    return (f"mx.lr_scheduler.FactorScheduler(step={per or 1}, factor={_t(c, 'gamma')}, base_lr={lr}, "
            f"stop_factor_lr=0)")


def cosine_annealing_lr(c, ctx):
    lr, low = _lr(c, ctx), _t(c, "eta_min")
    wave = f"(1 + math.cos(math.pi * step / {_t(c, 'T_max')})) / 2"
    body = f"{lr} * {wave}" if c.lit("eta_min") in (0, 0.0) else f"{low} + ({lr} - {low}) * {wave}"
    return _lambda(ctx, body)


def lambda_lr(c, ctx):
    lr, f = _lr(c, ctx), cst.parse_expression(code(c.get("lr_lambda")))
    if isinstance(f, cst.Lambda) and len(f.params.params) == 1 and not isinstance(f.params.star_arg, cst.Param):
        return _lambda(ctx, f"{lr} * ({code(f.body)})", f.params.params[0].name.value)
    if isinstance(f, (cst.List, cst.Tuple)):
        raise Unsupported("LambdaLR: one lambda per parameter group")
    return _lambda(ctx, f"{lr} * ({code(f)})(step)")


def one_cycle_lr(c, ctx):
    _, total = one_cycle(c)
    name = helper(ctx, "optim", "one_cycle_lr")
    args = [_t(c, "max_lr"), total] + [f"{k}={_t(c, k)}" for k, d in (
        ("pct_start", 0.3), ("anneal_strategy", "cos"), ("div_factor", 25.0), ("final_div_factor", 1e4))
        if c.lit(k) != d]
    return _lambda(ctx, f"{name}(step, {', '.join(args)})")


def clip_grad_norm(c, ctx):
    norm_2(c)
    if c.lit("error_if_nonfinite") is not False:
        raise Unsupported("clip_grad_norm_: error_if_nonfinite=True")
    ctx.note("clip_grad_norm_: gluon.utils.clip_global_norm scales by max_norm / (norm + 1e-8) where "
             "PyTorch scales by max_norm / (norm + 1e-6): a relative difference of 1e-6 / norm")
    model = model_of(c, "parameters")
    grads = f"[p.grad() for p in {model}.collect_params().values() if p.grad_req != 'null']"
    return f"gluon.utils.clip_global_norm({grads}, {_t(c, 'max_norm')})"


def clip_grad_value(c, ctx):
    name = helper(ctx, "optim", "clip_grad_value")
    return f"{name}({model_of(c, 'parameters')}.collect_params(), {_t(c, 'clip_value')})"


for _api, _f in (("mxnet.lr_scheduler.FactorScheduler", step_lr),
                 ("mxnet.lr_scheduler.MultiFactorScheduler", multi_step_lr),
                 ("mxnet.lr_scheduler.FactorScheduler (step=1)", exponential_lr),
                 ("LambdaScheduler (cosine)", cosine_annealing_lr), ("LambdaScheduler", lambda_lr),
                 ("LambdaScheduler(one_cycle_lr)", one_cycle_lr), ("mxnet.gluon.utils.clip_global_norm", clip_grad_norm),
                 ("clip_grad_value", clip_grad_value)):
    fn(_api, _f.__name__, _f)   # the API named: what docs/support.md shows
