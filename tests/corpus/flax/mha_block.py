"""A transformer block around nnx.MultiHeadAttention (self-attention, then cross-attention on a memory)."""
import numpy as np
from flax import nnx


class Model(nnx.Module):
    def __init__(self, dim=16, heads=4, *, rngs: nnx.Rngs):
        self.norm = nnx.LayerNorm(dim, rngs=rngs)
        self.attn = nnx.MultiHeadAttention(heads, dim, decode=False, rngs=rngs)
        self.cross = nnx.MultiHeadAttention(2, dim, use_bias=False, decode=False, rngs=rngs)
        self.ff = nnx.Linear(dim, dim, rngs=rngs)

    def __call__(self, x, memory):
        h = x + self.attn(self.norm(x))
        h = h + self.cross(h, memory)
        return h + nnx.relu(self.ff(h))


def get_init_inputs():
    return [16, 4]


def get_inputs():
    rng = np.random.default_rng(23)
    return [rng.normal(size=(2, 5, 16)).astype("float32"), rng.normal(size=(2, 3, 16)).astype("float32")]
