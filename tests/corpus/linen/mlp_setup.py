"""The same MLP in the setup() style, with GELU and a LayerNorm between the layers."""
import numpy as np
import flax.linen as nn


class Model(nn.Module):
    hidden: int = 24
    out: int = 3

    def setup(self):
        self.fc1 = nn.Dense(self.hidden)
        self.norm = nn.LayerNorm(epsilon=1e-5)
        self.fc2 = nn.Dense(self.out, use_bias=False)

    def __call__(self, x):
        h = nn.gelu(self.norm(self.fc1(x)))
        return self.fc2(h)


def get_init_inputs():
    return [24, 3]


def get_inputs():
    return [np.random.default_rng(1).normal(size=(5, 7)).astype("float32")]
