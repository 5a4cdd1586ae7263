"""A stack of gated MLP blocks built in setup() from a range(), each with a LayerNorm, two Dense
branches multiplied (GLU style), Dropout driven by a `deterministic` argument, and a residual."""
import numpy as np
from flax import linen as nn


class GatedBlock(nn.Module):
    dim: int
    hidden: int
    rate: float = 0.1

    @nn.compact
    def __call__(self, x, deterministic: bool = True):
        h = nn.LayerNorm()(x)
        h = nn.Dense(self.hidden)(h) * nn.sigmoid(nn.Dense(self.hidden)(h))
        h = nn.Dropout(self.rate)(h, deterministic=deterministic)
        return x + nn.Dense(self.dim)(h)


class Model(nn.Module):
    dim: int = 10
    depth: int = 2

    def setup(self):
        self.blocks = [GatedBlock(self.dim, 2 * self.dim) for _ in range(self.depth)]
        self.out = nn.Dense(1)

    def __call__(self, x, deterministic: bool = True):
        for block in self.blocks:
            x = block(x, deterministic=deterministic)
        return self.out(x)


def get_init_inputs():
    return [10, 2]


def get_inputs():
    return [np.random.default_rng(18).normal(size=(3, 10)).astype("float32")]
