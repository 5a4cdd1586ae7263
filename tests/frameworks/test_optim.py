"""torch.optim optimizers, lr_scheduler schedules and gradient clipping -> optax (Flax) and gluon.Trainer
(Gluon, under tests/frameworks_mxnet), step by step.

Each case is a PyTorch training function over a model whose loss is sum(w * g_w) + sum(b * g_b): its
gradients are exactly the given g, so the real torch optimizer and the translated one see the same
gradients at every step. Both start from the same weights; the per-step losses (which read the weights
of that step) and the final weights are compared."""
from __future__ import annotations

import numpy as np
import pytest

from harness import load, runtime, target, translate

pytestmark = pytest.mark.target("flax", "mxnet")   # Gluon: tests/frameworks_mxnet (+ tests/gluon/test_optim_gluon.py)

STEPS = 8
MODEL = '''
import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.zeros(3, 4))
        self.b = nn.Parameter(torch.zeros(4))

    def forward(self, g):
        return (self.w * g[0]).sum() + (self.b * g[1]).sum()
'''
PER_STEP = MODEL + '''

def train(model, grads, steps):
    optimizer = {opt}
    {sched}
    losses = []
    for g in grads:
        optimizer.zero_grad()
        loss = model(g)
        loss.backward()
        {clip}
        optimizer.step()
        {sched_step}
        losses.append(loss.item())
    return losses
'''
PER_EPOCH = MODEL + '''

def train(model, grads, steps):
    optimizer = {opt}
    {sched}
    losses = []
    for epoch in range(steps // len(grads)):
        for g in grads:
            optimizer.zero_grad()
            loss = model(g)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        {sched_step}
    return losses
'''
P = "model.parameters()"
S = "torch.optim.lr_scheduler."
SGD = f"torch.optim.SGD({P}, lr=0.1)"
OPTIMIZERS = {
    "sgd": SGD,
    "sgd_momentum": f"torch.optim.SGD({P}, lr=0.05, momentum=0.9)",
    "sgd_nesterov_decay": f"torch.optim.SGD({P}, lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.1)",
    "sgd_decay": f"torch.optim.SGD({P}, lr=0.1, weight_decay=0.01)",
    "adam": f"torch.optim.Adam({P})",
    "adam_options": f"torch.optim.Adam({P}, lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)",
    "adam_decoupled": f"torch.optim.Adam({P}, lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)",
    "adamw": f"torch.optim.AdamW({P}, lr=0.01)",
    "adamw_decay": f"torch.optim.AdamW({P}, lr=0.02, weight_decay=0.3, betas=(0.5, 0.9))",
    "rmsprop": f"torch.optim.RMSprop({P})",
    "rmsprop_centered": f"torch.optim.RMSprop({P}, lr=0.01, alpha=0.9, centered=True, weight_decay=0.1)",
    "rmsprop_momentum": f"torch.optim.RMSprop({P}, lr=0.01, momentum=0.9)",
    "adagrad": f"torch.optim.Adagrad({P})",
    "adagrad_options": f"torch.optim.Adagrad({P}, lr=0.1, initial_accumulator_value=0.5, eps=1e-6, weight_decay=0.1)",
}
SCHEDULES = {
    "step_lr": (SGD, f"{S}StepLR(optimizer, step_size=3, gamma=0.5)"),
    "multi_step_lr": (SGD, f"{S}MultiStepLR(optimizer, milestones=[2, 5, 5], gamma=0.5)"),
    "exponential_lr": (SGD, f"{S}ExponentialLR(optimizer, gamma=0.8)"),
    "cosine_annealing_lr": (SGD, f"{S}CosineAnnealingLR(optimizer, T_max=8, eta_min=0.01)"),
    "lambda_lr": (f"torch.optim.Adam({P}, lr=0.01)", f"{S}LambdaLR(optimizer, lambda step: min(1.0, (step + 1) / 4))"),
    "one_cycle_lr": (f"torch.optim.Adam({P}, lr=0.01)",
                     f"{S}OneCycleLR(optimizer, max_lr=0.1, total_steps=10, cycle_momentum=False)"),
    "one_cycle_lr_linear": (SGD, f"{S}OneCycleLR(optimizer, max_lr=0.1, total_steps=9, pct_start=0.25, "
                                 "anneal_strategy='linear', cycle_momentum=False)"),
    "rmsprop_momentum_scheduled": (f"torch.optim.RMSprop({P}, lr=0.01, momentum=0.9)",
                                   f"{S}StepLR(optimizer, step_size=2, gamma=0.5)"),
    "adamw_scheduled": (f"torch.optim.AdamW({P}, lr=0.05, weight_decay=0.5)",
                        f"{S}ExponentialLR(optimizer, gamma=0.7)"),
}
CLIPS = {
    "clip_grad_norm": "torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)",
    "clip_grad_value": "nn.utils.clip_grad_value_(model.parameters(), clip_value=0.5)",
    "clip_grad_norm_module": "torch.nn.utils.clip_grad.clip_grad_norm_(model.parameters(), 2.0, norm_type=2)",
    "clip_grad_value_module": "torch.nn.utils.clip_grad.clip_grad_value_(model.parameters(), 1.0)",
}


def _grads(n: int, seed: int = 0, scale: float = 1.0) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    return [(rng.standard_normal((3, 4)).astype(np.float32) * scale, rng.standard_normal(4).astype(np.float32) * scale)
            for _ in range(n)]


def _target_model(mod, w, b, to: str):
    """The translated Model with weights w, b; and a function reading them back (numpy)."""
    if to == "mxnet":
        from mxnet import nd
        m = mod.Model()
        m.initialize()
        m.w.set_data(nd.array(w))
        m.b.set_data(nd.array(b))
        return m, lambda: [m.w.data().asnumpy(), m.b.data().asnumpy()]
    import jax.numpy as jnp
    from flax import nnx
    m = mod.Model(rngs=nnx.Rngs(0))
    m.w.value, m.b.value = jnp.asarray(w), jnp.asarray(b)
    return m, lambda: [np.asarray(m.w.value), np.asarray(m.b.value)]


def run_both(code: str, grads, steps: int = STEPS, to: str | None = None):
    """(torch losses, target losses, torch final weights, target final weights, conversion)."""
    import torch

    conv = translate(code, to=to)
    tmod, fmod = load(code), load(conv.code)
    rng = np.random.default_rng(1)
    w, b = rng.standard_normal((3, 4)).astype(np.float32), rng.standard_normal(4).astype(np.float32)
    tm = tmod.Model()
    with torch.no_grad():
        tm.w.copy_(torch.from_numpy(w))
        tm.b.copy_(torch.from_numpy(b))
    fm, weights = _target_model(fmod, w, b, target(to))
    t_losses = tmod.train(tm, [tuple(torch.from_numpy(a) for a in g) for g in grads], steps)
    f_losses = fmod.train(fm, [tuple(runtime(to).from_numpy(a) for a in g) for g in grads], steps)
    return (np.array(t_losses), np.array(f_losses), [tm.w.detach().numpy(), tm.b.detach().numpy()],
            weights(), conv)


def _close(a, b, what: str, tol: float = 2e-5) -> None:
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    assert a.shape == b.shape, f"{what}: shapes {a.shape} vs {b.shape}"
    err = float(np.max(np.abs(a - b) / max(1.0, float(np.max(np.abs(a)))), initial=0.0))
    assert err <= tol, f"{what}: error {err:.3g} > {tol}\n{a}\n{b}"


def _check(code: str, grads, steps: int = STEPS, scale: float = 1.0, to: str | None = None):
    """`scale`: the gradients' (the losses are judged relative to it)."""
    t_losses, f_losses, tw, fw, conv = run_both(code, grads, steps, to)
    assert len(t_losses) == len(f_losses) == steps
    _close(t_losses / scale, f_losses / scale, "per-step losses")
    for name, a, b in zip("wb", tw, fw):
        _close(a, b, f"final {name}")
    return conv


@pytest.mark.parametrize("scale", [1.0, 1e-3], ids=["grads_1", "grads_1e-3"])   # small: where eps tells
@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_optimizer(name, scale):
    code = PER_STEP.format(opt=OPTIMIZERS[name], sched="", clip="", sched_step="")
    _check(code, _grads(STEPS, scale=scale), scale=scale)


@pytest.mark.parametrize("name", list(SCHEDULES))
def test_schedule_per_step(name):
    opt, sched = SCHEDULES[name]
    code = PER_STEP.format(opt=opt, sched=f"scheduler = {sched}", clip="", sched_step="scheduler.step()")
    _check(code, _grads(STEPS))


@pytest.mark.parametrize("name", ["step_lr", "exponential_lr", "lambda_lr"])
def test_schedule_per_epoch(name):
    opt, sched = SCHEDULES[name]
    code = PER_EPOCH.format(opt=opt, sched=f"scheduler = {sched}", sched_step="scheduler.step()")
    conv = _check(code, _grads(3), steps=12)   # 4 epochs of 3 steps
    assert "len(grads)" in conv.code


@pytest.mark.parametrize("name", list(CLIPS))
def test_clipping(name):
    code = PER_STEP.format(opt=f"torch.optim.SGD({P}, lr=0.1, momentum=0.5)", sched="", clip=CLIPS[name],
                           sched_step="")
    _check(code, _grads(STEPS, scale=3.0))   # norms ~10: clipping at work on every step


@pytest.mark.parametrize("opt, why", [
    pytest.param(f"torch.optim.SGD({P}, lr=0.1, momentum=0.9, dampening=0.1)", "dampening",
                 marks=pytest.mark.target("flax")),   # Gluon has it (TorchSGD)
    (f"torch.optim.Adam({P}, amsgrad=True)", "amsgrad"),
    (f"torch.optim.SGD({P}, lr=0.1, maximize=True)", "maximize"),
    (f"torch.optim.SGD([{{'params': model.w}}], lr=0.1)", "model.parameters()"),
])
def test_refused(opt, why):
    code = PER_STEP.format(opt=opt, sched="", clip="", sched_step="")
    conv = translate(code, allow_issues=True)
    assert any(why in d.message for d in conv.issues), [d.message for d in conv.issues]
    assert "# nnport:" in conv.code


def test_one_cycle_momentum_refused():
    opt, sched = f"torch.optim.Adam({P})", f"{S}OneCycleLR(optimizer, max_lr=0.1, total_steps=10)"
    conv = translate(PER_STEP.format(opt=opt, sched=f"scheduler = {sched}", clip="", sched_step="scheduler.step()"),
                     allow_issues=True)
    assert any("cycle_momentum" in d.message for d in conv.issues)
