"""torch.optim optimizers, lr_scheduler schedules and gradient clipping -> Keras 3, step by step: the
cases of tests/frameworks/test_optim.py (a model whose gradients are exactly the given g) trained by the
real torch optimizer and by the translated Keras loop (tf.GradientTape, apply_gradients) from the same
weights; per-step losses and final weights compared. Also Keras-only cases: amsgrad, Adagrad's
lr_decay, MultiStepLR per epoch, clipping with an L2 weight decay after it."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "frameworks"))
import test_optim as cases  # noqa: E402  (the cases: tests/frameworks/test_optim.py)
from harness import load, translate  # noqa: E402

P, S = cases.P, cases.S
STEPS = cases.STEPS
OPTIMIZERS = {**cases.OPTIMIZERS,
              "adam_amsgrad": f"torch.optim.Adam({P}, lr=0.01, amsgrad=True)",
              "adamw_amsgrad": f"torch.optim.AdamW({P}, lr=0.01, amsgrad=True, weight_decay=0.1)",
              "adagrad_lr_decay": f"torch.optim.Adagrad({P}, lr=0.1, lr_decay=0.05)",
              "rmsprop_centered_momentum": f"torch.optim.RMSprop({P}, lr=0.01, centered=True, momentum=0.5, eps=1e-6)"}
SCHEDULES = {**cases.SCHEDULES,
             "sgd_momentum_scheduled": (f"torch.optim.SGD({P}, lr=0.1, momentum=0.9, nesterov=True)",
                                        f"{S}StepLR(optimizer, step_size=2, gamma=0.5)"),
             "cosine_default": (f"torch.optim.Adam({P}, lr=0.01)", f"{S}CosineAnnealingLR(optimizer, T_max=8)"),
             "one_cycle_epochs": (SGD := f"torch.optim.SGD({P}, lr=0.1)",
                                  f"{S}OneCycleLR(optimizer, max_lr=0.2, epochs=2, steps_per_epoch=4, "
                                  "div_factor=5.0, final_div_factor=100.0, cycle_momentum=False)")}


def run_both(code: str, grads, steps: int = STEPS):
    """(torch losses, keras losses, torch final weights, keras final weights, conversion)."""
    import keras
    import torch
    conv = translate(code, to="keras")
    tmod, kmod = load(code), load(conv.code)
    tm, w, b = cases.torch_model(tmod)
    km = kmod.Model()
    km.w.assign(w)
    km.b.assign(b)
    t_losses = tmod.train(tm, [tuple(torch.from_numpy(a) for a in g) for g in grads], steps)
    k_losses = kmod.train(km, [tuple(keras.ops.convert_to_tensor(a) for a in g) for g in grads], steps)
    return (np.array(t_losses), np.array(k_losses), [tm.w.detach().numpy(), tm.b.detach().numpy()],
            [keras.ops.convert_to_numpy(km.w), keras.ops.convert_to_numpy(km.b)], conv)


def _check(code: str, grads, steps: int = STEPS, scale: float = 1.0):
    t_losses, k_losses, tw, kw, conv = run_both(code, grads, steps)
    assert len(t_losses) == len(k_losses) == steps
    cases._close(t_losses / scale, k_losses / scale, "per-step losses")
    for name, a, b in zip("wb", tw, kw):
        cases._close(a, b, f"final {name}")
    return conv


@pytest.mark.parametrize("scale", [1.0, 1e-6], ids=["grads_1", "grads_1e-6"])   # ~eps: where its placement tells
@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_optimizer(name, scale):
    code = cases.PER_STEP.format(opt=OPTIMIZERS[name], sched="", clip="", sched_step="")
    _check(code, cases._grads(STEPS, scale=scale), scale=scale)


@pytest.mark.parametrize("name", list(SCHEDULES))
def test_schedule_per_step(name):
    opt, sched = SCHEDULES[name]
    code = cases.PER_STEP.format(opt=opt, sched=f"scheduler = {sched}", clip="", sched_step="scheduler.step()")
    _check(code, cases._grads(STEPS))


@pytest.mark.parametrize("name", ["step_lr", "multi_step_lr", "exponential_lr", "lambda_lr", "cosine_annealing_lr",
                                  "sgd_momentum_scheduled"])
def test_schedule_per_epoch(name):
    opt, sched = SCHEDULES[name]
    code = cases.PER_EPOCH.format(opt=opt, sched=f"scheduler = {sched}", sched_step="scheduler.step()")
    conv = _check(code, cases._grads(3), steps=12)   # 4 epochs of 3 steps
    assert "EpochSchedule(scheduler, len(grads))" in conv.code


@pytest.mark.parametrize("name", list(cases.CLIPS))
def test_clipping(name):
    code = cases.PER_STEP.format(opt=f"torch.optim.SGD({P}, lr=0.1, momentum=0.5)", sched="",
                                 clip=cases.CLIPS[name], sched_step="")
    _check(code, cases._grads(STEPS, scale=3.0))   # norms ~10: clipping at work on every step


def test_clipping_then_weight_decay():
    """PyTorch clips the gradients, then its optimizer adds weight_decay * p: in that order in the loop."""
    code = cases.PER_STEP.format(opt=f"torch.optim.SGD({P}, lr=0.1, weight_decay=0.5)", sched="",
                                 clip=cases.CLIPS["clip_grad_norm"], sched_step="")
    conv = _check(code, cases._grads(STEPS, scale=3.0))
    lines = conv.code.splitlines()
    clip = next(i for i, s in enumerate(lines) if "clip_grad_norm(grads" in s)
    decay = next(i for i, s in enumerate(lines) if "g + 0.5 * v" in s)
    assert clip < decay


@pytest.mark.parametrize("opt, why", [
    (f"torch.optim.SGD({P}, lr=0.1, momentum=0.9, dampening=0.1)", "dampening"),
    (f"torch.optim.SGD({P}, lr=0.1, maximize=True)", "maximize"),
    (f"torch.optim.SGD([{{'params': model.w}}], lr=0.1)", "model.parameters()"),
])
def test_refused(opt, why):
    code = cases.PER_STEP.format(opt=opt, sched="", clip="", sched_step="")
    conv = translate(code, allow_issues=True, to="keras")
    assert any(why in d.message for d in conv.issues), [d.message for d in conv.issues]
    assert "# nnport:" in conv.code


def test_clip_of_some_parameters_refused():
    code = cases.PER_STEP.format(opt=SGD, sched="", clip="torch.nn.utils.clip_grad_norm_([model.w], 1.0)",
                                 sched_step="")
    conv = translate(code, allow_issues=True, to="keras")
    assert any("model.parameters()" in d.message for d in conv.issues), [d.message for d in conv.issues]


@pytest.mark.parametrize("body", [
    "return [b for b in DataLoader(TensorDataset(x, y), batch_size=3)]",
    "return [b for b in DataLoader(TensorDataset(x, y), batch_size=3, drop_last=True, num_workers=0)]",
    "return [b for b in DataLoader(TensorDataset(x), batch_size=4, shuffle=False)]",
], ids=["pairs", "drop_last", "one_tensor"])
def test_batches(body):
    """DataLoader(TensorDataset(...)) in memory, in order -> the same batches as lists of tensor slices."""
    import keras
    import torch
    import test_data
    code = test_data.CODE.format(body=body)
    tmod, kmod = load(code), load(translate(code, to="keras").code)
    x = np.random.default_rng(0).standard_normal((10, 2)).astype(np.float32)
    y = np.arange(10)
    ref = tmod.batches(torch.from_numpy(x), torch.from_numpy(y))
    got = kmod.batches(keras.ops.convert_to_tensor(x), keras.ops.convert_to_tensor(y))
    assert [len(a) for a in ref] == [len(b) for b in got] and len(ref) == len(got)
    for a, b in zip(ref, got):
        for u, v in zip(a, b):
            np.testing.assert_array_equal(u.numpy(), keras.ops.convert_to_numpy(v))
