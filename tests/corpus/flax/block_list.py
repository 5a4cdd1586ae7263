"""A stack of residual dense blocks held in an nnx.List, each with its own dropout."""
import numpy as np
from flax import nnx


class Residual(nnx.Module):
    def __init__(self, dim, rate, *, rngs: nnx.Rngs):
        self.fc = nnx.Linear(dim, dim, rngs=rngs)
        self.drop = nnx.Dropout(rate, rngs=rngs)

    def __call__(self, x):
        return x + self.drop(nnx.silu(self.fc(x)))


class Model(nnx.Module):
    def __init__(self, dim=10, depth=4, *, rngs: nnx.Rngs):
        self.layers = nnx.List([Residual(dim, 0.1 * i, rngs=rngs) for i in range(depth)])
        self.out = nnx.Linear(dim, 1, rngs=rngs)

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return self.out(x)


def get_init_inputs():
    return [10, 4]


def get_inputs():
    return [np.random.default_rng(14).normal(size=(6, 10)).astype("float32")]
