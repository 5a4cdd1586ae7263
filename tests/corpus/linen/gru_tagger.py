"""A bidirectional-style tagger: a GRU forward and one run in reverse over the sequence
(nn.RNN(..., reverse=True, keep_order=True)), concatenated, then a per-step Dense."""
import numpy as np
import jax.numpy as jnp
from flax import linen as nn


class Model(nn.Module):
    hidden: int = 6
    tags: int = 3

    @nn.compact
    def __call__(self, x):
        fwd = nn.RNN(nn.GRUCell(self.hidden))(x)
        bwd = nn.RNN(nn.GRUCell(self.hidden), reverse=True, keep_order=True)(x)
        return nn.Dense(self.tags)(jnp.concatenate([fwd, bwd], axis=-1))


def get_init_inputs():
    return [6, 3]


def get_inputs():
    return [np.random.default_rng(15).normal(size=(2, 5, 4)).astype("float32")]
