"""Compact convolutions in a range() loop, each followed by Dropout, then global max pooling."""
import numpy as np
from flax import linen as nn


class Model(nn.Module):
    depth: int = 3
    width: int = 6

    @nn.compact
    def __call__(self, x, train: bool = False):
        for i in range(self.depth):
            x = nn.Conv(self.width * (i + 1), kernel_size=(3,), padding="VALID")(x)
            x = nn.relu(x)
            x = nn.Dropout(0.2)(x, deterministic=not train)
        return x.max(axis=1)


def get_init_inputs():
    return [3, 6]


def get_inputs():
    return [np.random.default_rng(11).normal(size=(2, 12, 4)).astype("float32")]
