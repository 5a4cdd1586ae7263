"""A two-layer MLP in the @nn.compact style: the layers are declared inline where they are called."""
import numpy as np
from flax import linen as nn


class Model(nn.Module):
    hidden: int
    out: int = 10

    @nn.compact
    def __call__(self, x):
        x = nn.Dense(self.hidden)(x)
        x = nn.relu(x)
        return nn.Dense(self.out, name="head")(x)


def get_init_inputs():
    return [32, 5]


def get_inputs():
    return [np.random.default_rng(0).normal(size=(4, 12)).astype("float32")]
