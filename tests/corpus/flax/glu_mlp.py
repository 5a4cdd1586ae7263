"""A gated MLP (SwiGLU) with RMSNorm and a residual connection."""
import jax
import numpy as np
from flax import nnx


class Model(nnx.Module):
    def __init__(self, dim=16, hidden=32, *, rngs: nnx.Rngs):
        self.norm = nnx.RMSNorm(dim, rngs=rngs)
        self.gate = nnx.Linear(dim, hidden, use_bias=False, rngs=rngs)
        self.up = nnx.Linear(dim, hidden, use_bias=False, rngs=rngs)
        self.down = nnx.Linear(hidden, dim, use_bias=False, rngs=rngs)

    def __call__(self, x):
        h = self.norm(x)
        return x + self.down(jax.nn.silu(self.gate(h)) * self.up(h))


def get_init_inputs():
    return [16, 32]


def get_inputs():
    return [np.random.default_rng(7).normal(size=(2, 5, 16)).astype("float32")]
