"""Pivot ops of training code: optimizers, learning-rate schedules, gradient clipping.

Canonical arguments are PyTorch's (torch.optim, torch.optim.lr_scheduler, torch.nn.utils), with
PyTorch's semantics: an optimizer's `weight_decay` is added to the gradient (L2, "coupled") except
for `adamw`, where the parameters shrink by lr * weight_decay before the step ("decoupled"); a
schedule is a function of the number of times the schedule was stepped (`scheduler.step()`), its
value multiplying nothing: it *is* the learning rate, starting from the optimizer's `lr`.

One argument PyTorch has no value for: `eps_outside_correction=True` on adam/adamw (read from Keras,
whose Adam adds eps to sqrt(v) before the bias correction); a writer honours it (PyTorch: a small
torch.optim.Adam subclass, torch/writers/optim.py) or refuses it.
"""
from __future__ import annotations

OPTIMIZERS = {
    "sgd": "params, lr=0.001, momentum=0, dampening=0, weight_decay=0, nesterov=False, maximize=False",
    "adam": "params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, amsgrad=False, maximize=False, "
            "eps_outside_correction=False",
    "adamw": "params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01, amsgrad=False, maximize=False, "
             "eps_outside_correction=False",
    "rmsprop": "params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0, momentum=0, centered=False, maximize=False",
    "adagrad": "params, lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10, maximize=False",
}
SCHEDULES = {
    "step_lr": "optimizer, step_size, gamma=0.1, last_epoch=-1",
    "multi_step_lr": "optimizer, milestones, gamma=0.1, last_epoch=-1",
    "exponential_lr": "optimizer, gamma, last_epoch=-1",
    "cosine_annealing_lr": "optimizer, T_max, eta_min=0.0, last_epoch=-1",
    "lambda_lr": "optimizer, lr_lambda, last_epoch=-1",
    "one_cycle_lr": "optimizer, max_lr, total_steps=None, epochs=None, steps_per_epoch=None, pct_start=0.3, "
                    "anneal_strategy='cos', cycle_momentum=True, base_momentum=0.85, max_momentum=0.95, "
                    "div_factor=25.0, final_div_factor=10000.0, three_phase=False, last_epoch=-1",
}
CLIPS = {
    "clip_grad_norm": "parameters, max_norm, norm_type=2.0, error_if_nonfinite=False",
    "clip_grad_value": "parameters, clip_value",
}


def is_optimizer(op: str) -> bool:
    return op in OPTIMIZERS


def is_schedule(op: str) -> bool:
    return op in SCHEDULES


def is_clip(op: str) -> bool:
    return op in CLIPS
