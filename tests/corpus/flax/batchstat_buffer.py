"""A custom BatchStat buffer: a running mean of the inputs updated in training, used in eval."""
import jax.numpy as jnp
import numpy as np
from flax import nnx


class Centering(nnx.Module):
    def __init__(self, dim, momentum=0.9, *, rngs: nnx.Rngs):
        self.momentum = momentum
        self.running = nnx.BatchStat(jnp.zeros((dim,)))
        self.use_running_average = False

    def __call__(self, x):
        if self.use_running_average:
            mean = self.running[...]
        else:
            mean = jnp.mean(x, axis=0)
            self.running.value = self.momentum * self.running[...] + (1 - self.momentum) * mean
        return x - mean


class Model(nnx.Module):
    def __init__(self, dim=5, *, rngs: nnx.Rngs):
        self.center = Centering(dim, rngs=rngs)
        self.fc = nnx.Linear(dim, 2, rngs=rngs)

    def __call__(self, x):
        return self.fc(self.center(x))


def get_init_inputs():
    return [5]


def get_inputs():
    return [np.random.default_rng(16).normal(size=(8, 5)).astype("float32")]
