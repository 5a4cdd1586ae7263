"""A sequence encoder: nn.RNN over an nn.OptimizedLSTMCell, last step to a Dense head."""
import numpy as np
from flax import linen as nn


class Model(nn.Module):
    hidden: int = 12
    out: int = 3

    @nn.compact
    def __call__(self, x):
        h = nn.RNN(nn.OptimizedLSTMCell(self.hidden))(x)
        return nn.Dense(self.out)(h[:, -1])


def get_init_inputs():
    return [12, 3]


def get_inputs():
    return [np.random.default_rng(10).normal(size=(2, 7, 5)).astype("float32")]
