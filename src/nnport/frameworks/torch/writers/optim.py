"""PyTorch as a target: optimizers with a semantics torch.optim's classes take only with help.

`eps_outside_correction=True` (Keras' and TensorFlow's Adam: epsilon added to sqrt(v) before the bias
correction, `w -= lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)`): PyTorch adds eps after it
(`w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)`); the two agree exactly when PyTorch's
eps at step t is eps / sqrt(1 - b2^t), which a small subclass sets before each step. Its defaults are
torch.optim.Adam's (eps=1e-08), since the writer leaves out arguments at their PyTorch default.
"""
from __future__ import annotations

from nnport.frameworks.spec import code

HELPER = '''
class {name}(torch.optim.{base}):
    """torch.optim.{base} with epsilon added to sqrt(v) before the bias correction (as Keras' and
    TensorFlow's Adam do): PyTorch's eps at step t is then epsilon / sqrt(1 - beta2 ** t)."""

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, *args, **kwargs):
        super().__init__(params, lr, betas, eps, *args, **kwargs)
        self.epsilon, self.iterations = eps, 0

    def step(self, closure=None):
        self.iterations += 1
        for group in self.param_groups:
            group["eps"] = self.epsilon / (1 - group["betas"][1] ** self.iterations) ** 0.5
        return super().step(closure)
'''


def adam(c, ctx, own):
    """Adam/AdamW; with `eps_outside_correction` the helper subclass, else torch.optim's class."""
    flag = c.args.pop("eps_outside_correction", None)
    c.defaults.pop("eps_outside_correction", None)
    if flag is None or code(flag) == "False":
        return None
    base = own.api.rsplit(".", 1)[-1]
    name = f"{base}EpsBeforeCorrection"
    ctx.need_helper(name, HELPER.format(name=name, base=base).strip() + "\n")
    out = own(c, ctx)
    return out.with_changes(func=__import__("libcst").Name(name))
