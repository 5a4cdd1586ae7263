"""nn.Sequential built in setup(), with activation functions between the layers."""
import numpy as np
from flax import linen as nn


class Model(nn.Module):
    features: int = 16

    def setup(self):
        self.net = nn.Sequential([nn.Dense(self.features), nn.relu, nn.Dense(self.features), nn.tanh,
                                  nn.Dense(2)])

    def __call__(self, x):
        return self.net(x)


def get_init_inputs():
    return [16]


def get_inputs():
    return [np.random.default_rng(4).normal(size=(6, 5)).astype("float32")]
