"""torch.optim optimizers and lr_scheduler schedules -> Gluon (gluon.Trainer, mx.lr_scheduler,
support/optim.py), step by step against real PyTorch (runs in .venv-mxnet).

tests/frameworks/test_optim.py's cases run for Gluon under tests/frameworks_mxnet (a model whose loss
is sum(w * g_w) + sum(b * g_b): its gradients are exactly the given g); here the Gluon-specific paths: SGD and Nesterov momentum under a
schedule (MXNet's momentum holds lr-scaled steps), dampening, Nesterov with and without weight decay, Adagrad's
lr_decay, repeated milestones, gamma > 1, a cosine past T_max. Per-step losses and final weights
compared."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from harness import translate

sys.path.insert(0, str(Path(__file__).parents[1] / "frameworks"))
from test_optim import OPTIMIZERS, P, PER_EPOCH, PER_STEP, S, SCHEDULES, SGD, STEPS, _grads  # noqa: E402
from test_optim import _check as check  # noqa: E402

OPTIMIZERS_GLUON = {   # besides test_optim's (tests/frameworks_mxnet runs those for Gluon)
    "sgd_dampening": f"torch.optim.SGD({P}, lr=0.05, momentum=0.9, dampening=0.3)",
    "sgd_nesterov": f"torch.optim.SGD({P}, lr=0.05, momentum=0.9, nesterov=True)",
    "adagrad_lr_decay": f"torch.optim.Adagrad({P}, lr=0.1, lr_decay=0.05)",
    "rmsprop_centered_momentum": f"torch.optim.RMSprop({P}, lr=0.01, momentum=0.5, centered=True, eps=1e-6)",
}
MOMENTUM = f"torch.optim.SGD({P}, lr=0.05, momentum=0.9)"
SCHEDULES_GLUON = {
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


def _check(code: str, grads, steps: int = STEPS, scale: float = 1.0):
    return check(code, grads, steps, scale, to="mxnet")


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


@pytest.mark.parametrize("name", ["multi_step_lr_increasing", "cosine_annealing_lr", "sgd_momentum_step_lr"])
def test_schedule_per_epoch(name):
    opt, sched = {**SCHEDULES, **SCHEDULES_GLUON}[name]
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
