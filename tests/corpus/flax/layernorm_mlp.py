"""Pre-norm MLP blocks held in an nnx.List (LayerNorm's eps is 1e-6 in Flax)."""
import numpy as np
from flax import nnx


class Block(nnx.Module):
    def __init__(self, dim, *, rngs: nnx.Rngs):
        self.norm = nnx.LayerNorm(dim, rngs=rngs)
        self.fc = nnx.Linear(dim, dim, rngs=rngs)

    def __call__(self, x):
        return x + nnx.gelu(self.fc(self.norm(x)), approximate=False)


class Model(nnx.Module):
    def __init__(self, dim=12, depth=3, *, rngs: nnx.Rngs):
        self.blocks = nnx.List([Block(dim, rngs=rngs) for _ in range(depth)])
        self.final = nnx.LayerNorm(dim, epsilon=1e-5, use_bias=False, rngs=rngs)

    def __call__(self, x):
        for block in self.blocks:
            x = block(x)
        return self.final(x)


def get_init_inputs():
    return [12, 3]


def get_inputs():
    return [np.random.default_rng(9).normal(size=(4, 12)).astype("float32")]
