"""Causal self-attention written out: q/k/v projections, a mask built with jnp.tril, softmax."""
import math

import jax
import jax.numpy as jnp
import numpy as np
from flax import nnx


class Model(nnx.Module):
    def __init__(self, dim=16, heads=2, *, rngs: nnx.Rngs):
        self.heads = heads
        self.qkv = nnx.Linear(dim, 3 * dim, rngs=rngs)
        self.proj = nnx.Linear(dim, dim, rngs=rngs)

    def __call__(self, x):
        b, t, d = x.shape
        q, k, v = jnp.split(self.qkv(x), 3, axis=-1)
        q = q.reshape(b, t, self.heads, d // self.heads).transpose(0, 2, 1, 3)
        k = k.reshape(b, t, self.heads, d // self.heads).transpose(0, 2, 1, 3)
        v = v.reshape(b, t, self.heads, d // self.heads).transpose(0, 2, 1, 3)
        att = jnp.matmul(q, jnp.swapaxes(k, -1, -2)) / math.sqrt(d // self.heads)
        mask = jnp.tril(jnp.ones((t, t)))
        att = jnp.where(mask == 0, -1e9, att)
        att = jax.nn.softmax(att, axis=-1)
        y = jnp.matmul(att, v).transpose(0, 2, 1, 3).reshape(b, t, d)
        return self.proj(y)


def get_init_inputs():
    return [16, 2]


def get_inputs():
    return [np.random.default_rng(11).normal(size=(2, 5, 16)).astype("float32")]
