"""self.param: a learned per-feature scale and shift whose shape comes from the input (compact),
and a fixed constant kept as a non-trainable variable."""
import numpy as np
import jax.numpy as jnp
from flax import linen as nn


class ScaleShift(nn.Module):
    @nn.compact
    def __call__(self, x):
        scale = self.param("scale", nn.initializers.ones, (x.shape[-1],))
        shift = self.param("shift", nn.initializers.normal(0.1), (x.shape[-1],))
        return x * scale + shift


class Model(nn.Module):
    features: int = 8

    @nn.compact
    def __call__(self, x):
        x = nn.Dense(self.features)(x)
        x = ScaleShift()(x)
        temperature = self.variable("consts", "temperature", lambda: jnp.full((), 2.0))
        return x / temperature.value


def get_init_inputs():
    return [8]


def get_inputs():
    return [np.random.default_rng(5).normal(size=(4, 6)).astype("float32")]
