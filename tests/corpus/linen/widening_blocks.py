"""Residual-free conv blocks at growing widths: the first convolution of each block sees a different
input width in each instance (3, then 8), which no field of the block holds."""
import numpy as np
from flax import linen as nn


class ConvBlock(nn.Module):
    width: int

    @nn.compact
    def __call__(self, x):
        x = nn.relu(nn.Conv(self.width, (3, 3))(x))
        return nn.relu(nn.Conv(self.width, (3, 3))(x))


class Model(nn.Module):
    widths: tuple = (8, 16)

    @nn.compact
    def __call__(self, x):
        for w in self.widths:
            x = ConvBlock(w)(x)
        return x.mean(axis=(1, 2))


def get_init_inputs():
    return [(8, 16)]


def get_inputs():
    return [np.random.default_rng(13).normal(size=(2, 6, 6, 3)).astype("float32")]
