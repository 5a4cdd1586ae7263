"""Token classifier: nn.Embed, mean over the sequence, a Dense head."""
import numpy as np
import jax.numpy as jnp
from flax import linen as nn


class Model(nn.Module):
    vocab: int = 50
    dim: int = 16
    classes: int = 4

    def setup(self):
        self.embed = nn.Embed(self.vocab, self.dim)
        self.head = nn.Dense(self.classes)

    def __call__(self, tokens):
        e = self.embed(tokens)
        return self.head(jnp.mean(e, axis=1))


def get_init_inputs():
    return [50, 16, 4]


def get_inputs():
    return [np.random.default_rng(3).integers(0, 50, size=(3, 9)).astype("int32")]
