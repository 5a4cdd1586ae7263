"""Functional updates: x.at[...].set / .add / .multiply (a copy and an index assignment in PyTorch)."""
import jax.numpy as jnp
import numpy as np
from flax import nnx


class Model(nnx.Module):
    def __init__(self, dim=8, *, rngs: nnx.Rngs):
        self.fc = nnx.Linear(dim, dim, rngs=rngs)

    def __call__(self, x):
        h = self.fc(x)
        h = h.at[:, 0].set(0.0)
        h = h.at[:, 1:3].add(1.5)
        g = h.at[0].multiply(2.0)
        return g.at[:, -1].set(jnp.sum(x, axis=-1))


def get_init_inputs():
    return [8]


def get_inputs():
    return [np.random.default_rng(12).normal(size=(3, 8)).astype("float32")]
