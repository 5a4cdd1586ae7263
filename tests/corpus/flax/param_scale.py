"""Custom nnx.Param weights: a learned per-feature scale and bias applied by hand, a learned temperature."""
import jax.numpy as jnp
import numpy as np
from flax import nnx


class ScaleShift(nnx.Module):
    def __init__(self, dim, *, rngs: nnx.Rngs):
        self.scale = nnx.Param(jnp.ones((dim,)))
        self.shift = nnx.Param(jnp.zeros((dim,)))

    def __call__(self, x):
        return x * self.scale[...] + self.shift.value


class Model(nnx.Module):
    def __init__(self, din=6, dout=3, *, rngs: nnx.Rngs):
        self.fc = nnx.Linear(din, dout, rngs=rngs)
        self.affine = ScaleShift(dout, rngs=rngs)
        self.temperature = nnx.Param(jnp.array(2.0))

    def __call__(self, x):
        return nnx.softmax(self.affine(self.fc(x)) / self.temperature, axis=-1)


def get_init_inputs():
    return [6, 3]


def get_inputs():
    return [np.random.default_rng(15).normal(size=(4, 6)).astype("float32")]
