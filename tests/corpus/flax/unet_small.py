"""A UNet-ish encoder/decoder: strided convs down, ConvTranspose up, skip concatenation (NHWC: axis -1)."""
import jax.numpy as jnp
import numpy as np
from flax import nnx


class Model(nnx.Module):
    def __init__(self, channels=1, width=4, *, rngs: nnx.Rngs):
        self.enc1 = nnx.Conv(channels, width, (3, 3), rngs=rngs)
        self.down = nnx.Conv(width, 2 * width, (3, 3), strides=(2, 2), padding="SAME", rngs=rngs)
        self.mid = nnx.Conv(2 * width, 2 * width, (3, 3), rngs=rngs)
        self.up = nnx.ConvTranspose(2 * width, width, (2, 2), strides=(2, 2), rngs=rngs)
        self.dec = nnx.Conv(2 * width, width, (3, 3), rngs=rngs)
        self.out = nnx.Conv(width, 1, (1, 1), rngs=rngs)

    def __call__(self, x):
        e = nnx.relu(self.enc1(x))
        m = nnx.relu(self.mid(nnx.relu(self.down(e))))
        u = self.up(m)
        d = nnx.relu(self.dec(jnp.concatenate([u, e], axis=-1)))
        return nnx.sigmoid(self.out(d))


def get_init_inputs():
    return [1, 4]


def get_inputs():
    return [np.random.default_rng(3).normal(size=(2, 8, 8, 1)).astype("float32")]
