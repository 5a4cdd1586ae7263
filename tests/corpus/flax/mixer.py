"""An MLP-Mixer block: token mixing across patches (swapaxes), channel mixing per patch."""
import jax.numpy as jnp
import numpy as np
from flax import nnx


class MixerBlock(nnx.Module):
    def __init__(self, tokens, channels, hidden, *, rngs: nnx.Rngs):
        self.norm1 = nnx.LayerNorm(channels, rngs=rngs)
        self.token1 = nnx.Linear(tokens, hidden, rngs=rngs)
        self.token2 = nnx.Linear(hidden, tokens, rngs=rngs)
        self.norm2 = nnx.LayerNorm(channels, rngs=rngs)
        self.chan1 = nnx.Linear(channels, hidden, rngs=rngs)
        self.chan2 = nnx.Linear(hidden, channels, rngs=rngs)

    def __call__(self, x):
        y = jnp.swapaxes(self.norm1(x), 1, 2)
        y = self.token2(nnx.gelu(self.token1(y)))
        x = x + jnp.swapaxes(y, 1, 2)
        return x + self.chan2(nnx.gelu(self.chan1(self.norm2(x))))


class Model(nnx.Module):
    def __init__(self, tokens=6, channels=8, hidden=16, *, rngs: nnx.Rngs):
        self.block = MixerBlock(tokens, channels, hidden, rngs=rngs)
        self.head = nnx.Linear(channels, 2, rngs=rngs)

    def __call__(self, x):
        return self.head(self.block(x).mean(axis=1))


def get_init_inputs():
    return [6, 8, 16]


def get_inputs():
    return [np.random.default_rng(10).normal(size=(2, 6, 8)).astype("float32")]
