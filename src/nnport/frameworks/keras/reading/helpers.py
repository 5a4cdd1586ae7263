"""Helper classes the graph route writes into a translated file (standalone: no nnport import)."""
from __future__ import annotations

_BATCH_NORM = '''
class KerasBatchNorm{n}d(nn.BatchNorm{n}d):
    """nn.BatchNorm{n}d as Keras trains it: the running variance follows the biased batch
    variance (nn.BatchNorm{n}d uses the unbiased one)."""

    def forward(self, x):
        if not self.training:
            return super().forward(x)
        dims = [0, *range(2, x.dim())]
        mean, var = x.mean(dims), x.var(dims, unbiased=False)
        with torch.no_grad():
            self.running_mean.lerp_(mean, self.momentum)
            self.running_var.lerp_(var, self.momentum)
        return F.batch_norm(x, mean, var, self.weight, self.bias, False, 0.0, self.eps)
'''

_NORMALIZATION = '''
class KerasNormalization(nn.Module):
    """keras.layers.Normalization: (x - mean) / max(sqrt(variance), 1e-7) over the last axis."""

    def __init__(self, size, mean=None, variance=None):
        super().__init__()
        self.register_buffer("mean", torch.zeros(size) if mean is None else torch.tensor(mean))
        self.register_buffer("variance", torch.ones(size) if variance is None else torch.tensor(variance))

    def forward(self, x):
        return (x - self.mean) / self.variance.sqrt().clamp(min=1e-7)
'''

HELPERS: dict[str, str] = {f"KerasBatchNorm{n}d": _BATCH_NORM.replace("{n}", str(n)) for n in (1, 2, 3)}
HELPERS["KerasNormalization"] = _NORMALIZATION
