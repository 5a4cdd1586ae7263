"""torch.optim optimizers, torch.optim.lr_scheduler schedules and torch.nn.utils gradient clipping
-> the training pivot ops (nnport.pivot.training). Arguments without a numerical effect (foreach,
fused, capturable, differentiable) are ignored; the others keep PyTorch's names."""
from nnport.frameworks.torch.functions._registry import fn

_FAST = ("foreach", "fused", "capturable", "differentiable")
OPT = "torch.optim."
SCHED = "torch.optim.lr_scheduler."
PARAMS = "params"

OPTIMIZERS = {
    "SGD": ("sgd", "params, lr=0.001, momentum=0, dampening=0, weight_decay=0, nesterov=False, *, "
                   "maximize=False, foreach=None, differentiable=False, fused=None"),
    "Adam": ("adam", "params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, amsgrad=False, *, "
                     "foreach=None, maximize=False, capturable=False, differentiable=False, fused=None, "
                     "decoupled_weight_decay=False"),
    "AdamW": ("adamw", "params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01, amsgrad=False, *, "
                       "maximize=False, foreach=None, capturable=False, differentiable=False, fused=None"),
    "RMSprop": ("rmsprop", "params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0, momentum=0, centered=False, "
                           "capturable=False, foreach=None, maximize=False, differentiable=False"),
    "Adagrad": ("adagrad", "params, lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10, "
                           "foreach=None, *, maximize=False, differentiable=False, fused=None"),
}
SCHEDULES = {
    "StepLR": ("step_lr", "optimizer, step_size, gamma=0.1, last_epoch=-1"),
    "MultiStepLR": ("multi_step_lr", "optimizer, milestones, gamma=0.1, last_epoch=-1"),
    "ExponentialLR": ("exponential_lr", "optimizer, gamma, last_epoch=-1"),
    "CosineAnnealingLR": ("cosine_annealing_lr", "optimizer, T_max, eta_min=0.0, last_epoch=-1"),
    "LambdaLR": ("lambda_lr", "optimizer, lr_lambda, last_epoch=-1"),
    "OneCycleLR": ("one_cycle_lr", "optimizer, max_lr, total_steps=None, epochs=None, steps_per_epoch=None, "
                                   "pct_start=0.3, anneal_strategy='cos', cycle_momentum=True, base_momentum=0.85, "
                                   "max_momentum=0.95, div_factor=25.0, final_div_factor=10000.0, "
                                   "three_phase=False, last_epoch=-1"),
}


def _adam_decay(c, ctx):
    """Adam(decoupled_weight_decay=True) is AdamW."""
    if c.lit("decoupled_weight_decay") is True:
        c.op = "adamw"
    c.args.pop("decoupled_weight_decay", None)
    c.defaults.pop("decoupled_weight_decay", None)
    return c


for _name, (_op, _sig) in OPTIMIZERS.items():
    fn(OPT + _name, _op, _sig, ignore=_FAST, read=_adam_decay if _name == "Adam" else None)
for _name, (_op, _sig) in SCHEDULES.items():
    fn(SCHED + _name, _op, _sig)
for _where in ("torch.nn.utils.", "torch.nn.utils.clip_grad."):
    fn(_where + "clip_grad_norm_", "clip_grad_norm",
       "parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None", ignore=("foreach",))
    fn(_where + "clip_grad_value_", "clip_grad_value", "parameters, clip_value, foreach=None", ignore=("foreach",))
