"""A transformer encoder block written out: LayerNorms, multi-head self-attention via einsum, MLP."""
import jax
import jax.numpy as jnp
import numpy as np
from flax import nnx


class Model(nnx.Module):
    def __init__(self, dim=16, heads=4, hidden=32, *, rngs: nnx.Rngs):
        self.heads = heads
        self.ln1 = nnx.LayerNorm(dim, rngs=rngs)
        self.q = nnx.Linear(dim, dim, rngs=rngs)
        self.k = nnx.Linear(dim, dim, rngs=rngs)
        self.v = nnx.Linear(dim, dim, rngs=rngs)
        self.o = nnx.Linear(dim, dim, rngs=rngs)
        self.ln2 = nnx.LayerNorm(dim, rngs=rngs)
        self.fc1 = nnx.Linear(dim, hidden, rngs=rngs)
        self.fc2 = nnx.Linear(hidden, dim, rngs=rngs)
        self.drop = nnx.Dropout(0.1, rngs=rngs)

    def __call__(self, x):
        b, t, d = x.shape
        h = self.ln1(x)
        q = self.q(h).reshape(b, t, self.heads, -1)
        k = self.k(h).reshape(b, t, self.heads, -1)
        v = self.v(h).reshape(b, t, self.heads, -1)
        scores = jnp.einsum("bqhd,bkhd->bhqk", q, k) / jnp.sqrt(q.shape[-1])
        att = jax.nn.softmax(scores, axis=-1)
        y = jnp.einsum("bhqk,bkhd->bqhd", att, v).reshape(b, t, d)
        x = x + self.drop(self.o(y))
        return x + self.drop(self.fc2(nnx.gelu(self.fc1(self.ln2(x)))))


def get_init_inputs():
    return [16, 4, 32]


def get_inputs():
    return [np.random.default_rng(19).normal(size=(2, 6, 16)).astype("float32")]
