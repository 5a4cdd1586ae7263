"""A 1-d convolution over token embeddings (NWC), max over time (kernel_size as an int: 1-d in Flax)."""
import jax.numpy as jnp
import numpy as np
from flax import nnx


class Model(nnx.Module):
    def __init__(self, vocab=30, dim=8, filters=12, *, rngs: nnx.Rngs):
        self.embed = nnx.Embed(vocab, dim, rngs=rngs)
        self.conv = nnx.Conv(dim, filters, kernel_size=3, padding="VALID", rngs=rngs)
        self.out = nnx.Linear(filters, 2, rngs=rngs)

    def __call__(self, tokens):
        h = nnx.relu(self.conv(self.embed(tokens)))
        return self.out(jnp.max(h, axis=1))


def get_init_inputs():
    return [30, 8, 12]


def get_inputs():
    return [np.random.default_rng(17).integers(0, 30, size=(2, 9)).astype("int32")]
