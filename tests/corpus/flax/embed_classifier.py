"""Token embeddings averaged and classified (int32 token ids)."""
import jax.numpy as jnp
import numpy as np
from flax import nnx


class Model(nnx.Module):
    def __init__(self, vocab=50, dim=16, classes=3, *, rngs: nnx.Rngs):
        self.embed = nnx.Embed(vocab, dim, rngs=rngs)
        self.norm = nnx.LayerNorm(dim, rngs=rngs)
        self.out = nnx.Linear(dim, classes, rngs=rngs)

    def __call__(self, tokens):
        h = self.embed(tokens)
        h = self.norm(jnp.mean(h, axis=1))
        return self.out(h)


def get_init_inputs():
    return [50, 16, 3]


def get_inputs():
    return [np.random.default_rng(4).integers(0, 50, size=(3, 7)).astype("int32")]
