"""An nnx.Sequential of convs and BatchNorm with functions between, then a dense head."""
import jax.numpy as jnp
import numpy as np
from flax import nnx


class Model(nnx.Module):
    def __init__(self, channels=3, *, rngs: nnx.Rngs):
        self.features = nnx.Sequential(
            nnx.Conv(channels, 8, (3, 3), rngs=rngs),
            nnx.BatchNorm(8, rngs=rngs),
            nnx.relu,
            nnx.Conv(8, 8, (3, 3), padding="VALID", rngs=rngs),
            nnx.relu,
        )
        self.head = nnx.Linear(8, 4, rngs=rngs)

    def __call__(self, x):
        return self.head(jnp.max(self.features(x), axis=(1, 2)))


def get_init_inputs():
    return [3]


def get_inputs():
    return [np.random.default_rng(13).normal(size=(2, 7, 7, 3)).astype("float32")]
