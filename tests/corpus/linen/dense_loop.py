"""A stack of compact Dense layers created in a loop over a tuple field, then a head."""
import numpy as np
from flax import linen as nn


class Model(nn.Module):
    features: tuple = (32, 16, 8)
    out: int = 2

    @nn.compact
    def __call__(self, x):
        for f in self.features:
            x = nn.Dense(f)(x)
            x = nn.silu(x)
        return nn.Dense(self.out)(x)


def get_init_inputs():
    return [(32, 16, 8), 2]


def get_inputs():
    return [np.random.default_rng(6).normal(size=(3, 10)).astype("float32")]
