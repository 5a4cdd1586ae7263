"""setup() with a list of layers from a comprehension, a learned gain made by self.param, and a
dropout fixed as deterministic."""
import numpy as np
import jax.numpy as jnp
from flax import linen as nn


class Model(nn.Module):
    features: tuple = (12, 8)

    def setup(self):
        self.layers = [nn.Dense(f) for f in self.features]
        self.gain = self.param("gain", nn.initializers.constant(1.5), (self.features[-1],))
        self.drop = nn.Dropout(0.5, deterministic=True)

    def __call__(self, x):
        for layer in self.layers:
            x = jnp.tanh(layer(x))
        return self.drop(x) * self.gain


def get_init_inputs():
    return [(12, 8)]


def get_inputs():
    return [np.random.default_rng(14).normal(size=(4, 5)).astype("float32")]
