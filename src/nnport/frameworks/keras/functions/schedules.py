"""Learning-rate schedule and gradient-clipping pivot ops -> Keras 3 (checked against PyTorch step by
step in tests/frameworks_keras/test_keras_optim.py).

A Keras LearningRateSchedule is called with the optimizer's step count, as a PyTorch scheduler stepped
with every optimizer step counts: StepLR / ExponentialLR -> ExponentialDecay, MultiStepLR ->
PiecewiseConstantDecay (PyTorch decays at the milestone itself, Keras after the boundary: boundaries
one lower), CosineAnnealingLR -> CosineDecay (alpha = eta_min / lr), LambdaLR and OneCycleLR -> helper
schedules (support/optim.py). The schedule starts from the optimizer's `lr`; one stepped per epoch is
wrapped by the optimizer (optim.py). Clipping comes before the update in the loop (keras/training.py):
the emitters write the clipped gradients, `grads` named by the plan."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.functions._registry import fn
from nnport.frameworks.keras.support import helper
from nnport.frameworks.spec import Unsupported, code
from nnport.frameworks.training_functions import cosine, milestones, norm_2, one_cycle, plan, schedule_lr, text
from nnport.translate.emit import parenthesize

S = "keras.optimizers.schedules."


def step_lr(c, ctx):
    return (f"{S}ExponentialDecay({schedule_lr(c, ctx)}, decay_steps={text(c, 'step_size')}, "
            f"decay_rate={text(c, 'gamma')}, staircase=True)")


def multi_step_lr(c, ctx):
    lr, counts, gamma = schedule_lr(c, ctx), milestones(c), text(c, "gamma")
    values, k = [lr], 0
    for n in counts.values():   # PyTorch decays once per listing of a milestone
        k += n
        values.append(f"{lr} * {gamma}" + (f" ** {k}" if k > 1 else ""))
    return f"{S}PiecewiseConstantDecay([{', '.join(f'{m - 1}' for m in counts)}], [{', '.join(values)}])"


def exponential_lr(c, ctx):
    return f"{S}ExponentialDecay({schedule_lr(c, ctx)}, decay_steps=1, decay_rate={text(c, 'gamma')})"


def cosine_annealing_lr(c, ctx):
    lr, ratio = cosine(c, ctx, "keras' CosineDecay")
    return f"{S}CosineDecay({lr}, decay_steps={text(c, 'T_max')}{f', alpha={ratio}' if ratio else ''})"


def lambda_lr(c, ctx):
    lr, f = schedule_lr(c, ctx), c.get("lr_lambda")
    if isinstance(f, (cst.List, cst.Tuple)):
        raise Unsupported("LambdaLR: one lambda per parameter group")
    return f"{helper(ctx, 'optim', 'LambdaSchedule')}({lr}, {code(f)})"


def one_cycle_lr(c, ctx):
    how, total = one_cycle(c)
    kw = [f"{k}={text(c, k)}" for k, d in (("pct_start", 0.3), ("div_factor", 25.0), ("final_div_factor", 1e4))
          if c.lit(k) != d]
    if how != "cos":
        kw.append(f"anneal_strategy={text(c, 'anneal_strategy')}")
    return f"{helper(ctx, 'optim', 'OneCycleSchedule')}({', '.join([text(c, 'max_lr'), total, *kw])})"


def _grads(c, ctx) -> str:
    p = plan(ctx)
    params = c.get("parameters")
    whole = f"{p.get('model')}.parameters()"
    if "grads" not in p or code(params) != whole:
        raise Unsupported(f"{c.extra['api']}: gradients clipped in a translated training loop, on "
                          f"`{p.get('model', 'model')}.parameters()`")
    return p["grads"]


def clip_grad_norm(c, ctx):
    norm_2(c)
    return f"{helper(ctx, 'optim', 'clip_grad_norm')}({_grads(c, ctx)}, {text(c, 'max_norm')})"


def clip_grad_value(c, ctx):
    v = code(parenthesize(c.get("clip_value")))
    return f"[ops.clip(g, -{v}, {v}) for g in {_grads(c, ctx)}]"


for _api, _f in ((f"{S}ExponentialDecay", step_lr), (f"{S}PiecewiseConstantDecay", multi_step_lr),
                 (f"{S}ExponentialDecay (per step)", exponential_lr), (f"{S}CosineDecay", cosine_annealing_lr),
                 ("LambdaSchedule", lambda_lr), ("OneCycleSchedule", one_cycle_lr),
                 ("clip_grad_norm", clip_grad_norm), ("keras.ops.clip (gradients)", clip_grad_value)):
    fn(_api, _f.__name__, _f)   # the API named: what docs/support.md shows
