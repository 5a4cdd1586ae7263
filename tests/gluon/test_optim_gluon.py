"""torch.optim optimizers, lr_scheduler schedules and gradient clipping -> Gluon (gluon.Trainer,
mx.lr_scheduler, support/optim.py), step by step against real PyTorch (runs in .venv-mxnet).

The cases of tests/frameworks/test_optim.py (a model whose loss is sum(w * g_w) + sum(b * g_b): its
gradients are exactly the given g), and the Gluon-specific paths: SGD and Nesterov momentum under a
schedule (MXNet's momentum holds lr-scaled steps), dampening, Nesterov with and without weight decay, Adagrad's
lr_decay, repeated milestones, gamma > 1, a cosine past T_max. Per-step losses and final weights
compared."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from harness import load, translate

sys.path.insert(0, str(Path(__file__).parents[1] / "frameworks"))
from test_optim import CLIPS, OPTIMIZERS, P, PER_EPOCH, PER_STEP, S, SCHEDULES, SGD, STEPS, _close, _grads  # noqa: E402

OPTIMIZERS_GLUON = {
    **OPTIMIZERS,
    "sgd_dampening": f"torch.optim.SGD({P}, lr=0.05, momentum=0.9, dampening=0.3)",
    "sgd_nesterov": f"torch.optim.SGD({P}, lr=0.05, momentum=0.9, nesterov=True)",
    "adagrad_lr_decay": f"torch.optim.Adagrad({P}, lr=0.1, lr_decay=0.05)",
    "rmsprop_centered_momentum": f"torch.optim.RMSprop({P}, lr=0.01, momentum=0.5, centered=True, eps=1e-6)",
}
MOMENTUM = f"torch.optim.SGD({P}, lr=0.05, momentum=0.9)"
SCHEDULES_GLUON = {
    **SCHEDULES,
    "sgd_momentum_step_lr": (MOMENTUM, f"{S}StepLR(optimizer, step_size=2, gamma=0.5)"),
    "nesterov_exponential_lr": (f"torch.optim.SGD({P}, lr=0.05, momentum=0.9, nesterov=True)",
                                f"{S}ExponentialLR(optimizer, gamma=0.8)"),
    "nesterov_decay_exponential_lr": (f"torch.optim.SGD({P}, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.1)",
                                      f"{S}ExponentialLR(optimizer, gamma=0.8)"),
    "multi_step_lr_increasing": (SGD, f"{S}MultiStepLR(optimizer, milestones=[1, 4], gamma=0.3)"),
    "step_lr_growing": (SGD, f"{S}StepLR(optimizer, step_size=3, gamma=1.5)"),
    "cosine_past_t_max": (SGD, f"{S}CosineAnnealingLR(optimizer, T_max=3)"),
    "adagrad_one_cycle": (f"torch.optim.Adagrad({P}, lr=0.1)",
                          f"{S}OneCycleLR(optimizer, max_lr=0.2, epochs=2, steps_per_epoch=4, div_factor=10.0, "
                          "cycle_momentum=False)"),
}


def run_both(code: str, grads, steps: int = STEPS):
    """(torch losses, gluon losses, torch final weights, gluon final weights, conversion)."""
    import torch
    from mxnet import nd

    conv = translate(code, to="mxnet")
    tmod, gmod = load(code), load(conv.code)
    rng = np.random.default_rng(1)
    w, b = rng.standard_normal((3, 4)).astype(np.float32), rng.standard_normal(4).astype(np.float32)
    tm = tmod.Model()
    with torch.no_grad():
        tm.w.copy_(torch.from_numpy(w))
        tm.b.copy_(torch.from_numpy(b))
    gm = gmod.Model()
    gm.initialize()
    gm.w.set_data(nd.array(w))
    gm.b.set_data(nd.array(b))
    t_losses = tmod.train(tm, [tuple(torch.from_numpy(a) for a in g) for g in grads], steps)
    g_losses = gmod.train(gm, [tuple(nd.array(a) for a in g) for g in grads], steps)
    return (np.array(t_losses), np.array(g_losses), [tm.w.detach().numpy(), tm.b.detach().numpy()],
            [gm.w.data().asnumpy(), gm.b.data().asnumpy()], conv)


def _check(code: str, grads, steps: int = STEPS, scale: float = 1.0):
    t_losses, g_losses, tw, gw, conv = run_both(code, grads, steps)
    assert len(t_losses) == len(g_losses) == steps
    _close(t_losses / scale, g_losses / scale, "per-step losses")
    for name, a, b in zip("wb", tw, gw):
        _close(a, b, f"final {name}")
    return conv


CASES = [pytest.param(name, scale, id=f"{name}-grads_{scale:g}") for name in OPTIMIZERS_GLUON
         for scale in ((1.0, 1e-3) if "SGD" not in OPTIMIZERS_GLUON[name] else (1.0,))]   # small: where eps tells


@pytest.mark.parametrize("name, scale", CASES)
def test_optimizer(name, scale):
    code = PER_STEP.format(opt=OPTIMIZERS_GLUON[name], sched="", clip="", sched_step="")
    conv = _check(code, _grads(STEPS, scale=scale), scale=scale)
    assert "gluon.Trainer(model.collect_params()" in conv.code and "import torch" not in conv.code


@pytest.mark.parametrize("name", list(SCHEDULES_GLUON))
def test_schedule_per_step(name):
    opt, sched = SCHEDULES_GLUON[name]
    code = PER_STEP.format(opt=opt, sched=f"scheduler = {sched}", clip="", sched_step="scheduler.step()")
    _check(code, _grads(STEPS))


@pytest.mark.parametrize("name", ["step_lr", "exponential_lr", "multi_step_lr_increasing", "lambda_lr",
                                  "cosine_annealing_lr", "sgd_momentum_step_lr"])
def test_schedule_per_epoch(name):
    opt, sched = SCHEDULES_GLUON[name]
    code = PER_EPOCH.format(opt=opt, sched=f"scheduler = {sched}", sched_step="scheduler.step()")
    conv = _check(code, _grads(3), steps=12)   # 4 epochs of 3 steps
    assert "len(grads)" in conv.code


def test_builtin_names_where_exact():
    """mx.lr_scheduler and 'sgd' / 'nag' where they are PyTorch's; the support optimizer elsewhere."""
    def gluon(opt, sched=""):
        step = "scheduler.step()" if sched else ""
        return translate(PER_STEP.format(opt=opt, sched=f"scheduler = {sched}" if sched else "", clip="",
                                         sched_step=step), to="mxnet").code
    assert "'sgd', {'learning_rate': 0.05, 'momentum': 0.9}" in gluon(MOMENTUM)
    assert "TorchSGD(lr_scheduler=scheduler, momentum=0.9)" in gluon(MOMENTUM, SCHEDULES_GLUON["sgd_momentum_step_lr"][1])
    assert "'nag', {'learning_rate': 0.05, 'momentum': 0.9}" in gluon(OPTIMIZERS_GLUON["sgd_nesterov"])
    assert "TorchSGD(lr_scheduler=scheduler, momentum=0.9, nesterov=True)" in \
        gluon(*SCHEDULES_GLUON["nesterov_exponential_lr"])   # MXNet's NAG momentum holds lr-scaled steps
    assert "TorchSGD(learning_rate=0.05, momentum=0.8, nesterov=True, wd=0.1)" in \
        gluon(OPTIMIZERS["sgd_nesterov_decay"])   # MXNet's NAG leaves wd out of its step
    assert "mx.lr_scheduler.FactorScheduler(step=3, factor=0.5, base_lr=0.1, stop_factor_lr=0)" in \
        gluon(SGD, SCHEDULES["step_lr"][1])
    assert "MultiFactorScheduler(step=[1, 4]" in gluon(SGD, SCHEDULES_GLUON["multi_step_lr_increasing"][1])


@pytest.mark.parametrize("name", list(CLIPS))
def test_clipping(name):
    code = PER_STEP.format(opt=f"torch.optim.SGD({P}, lr=0.1, momentum=0.5)", sched="", clip=CLIPS[name],
                           sched_step="")
    conv = _check(code, _grads(STEPS, scale=3.0))   # norms ~10: clipping at work on every step
    lines = conv.code.splitlines()
    backward = next(i for i, s in enumerate(lines) if s.strip() == "loss.backward()")
    assert "clip" in lines[backward + 1] and lines[backward + 2].strip() == "optimizer.step(1)"


@pytest.mark.parametrize("opt, why", [
    (f"torch.optim.Adam({P}, amsgrad=True)", "amsgrad"),
    (f"torch.optim.SGD({P}, lr=0.1, maximize=True)", "maximize"),
    (f"torch.optim.SGD([{{'params': model.w}}], lr=0.1)", "model.parameters()"),
])
def test_refused(opt, why):
    code = PER_STEP.format(opt=opt, sched="", clip="", sched_step="")
    conv = translate(code, allow_issues=True, to="mxnet")
    assert any(why in d.message for d in conv.issues), [d.message for d in conv.issues]
    assert "# nnport:" in conv.code


def test_one_cycle_momentum_refused():
    opt, sched = f"torch.optim.Adam({P})", f"{S}OneCycleLR(optimizer, max_lr=0.1, total_steps=10)"
    conv = translate(PER_STEP.format(opt=opt, sched=f"scheduler = {sched}", clip="", sched_step="scheduler.step()"),
                     allow_issues=True, to="mxnet")
    assert any("cycle_momentum" in d.message for d in conv.issues)
