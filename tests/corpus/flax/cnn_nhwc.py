"""A small CNN on NHWC images: nnx.Conv ('SAME' by default, then 'VALID', strided), mean pooling."""
import jax.numpy as jnp
import numpy as np
from flax import nnx


class Model(nnx.Module):
    def __init__(self, channels=3, classes=5, *, rngs: nnx.Rngs):
        self.conv1 = nnx.Conv(channels, 8, kernel_size=(3, 3), rngs=rngs)
        self.conv2 = nnx.Conv(8, 16, kernel_size=(3, 3), strides=(2, 2), padding="VALID", rngs=rngs)
        self.head = nnx.Linear(16, classes, rngs=rngs)

    def __call__(self, x):
        x = nnx.relu(self.conv1(x))
        x = nnx.relu(self.conv2(x))
        x = jnp.mean(x, axis=(1, 2))
        return self.head(x)


def get_init_inputs():
    return [3, 5]


def get_inputs():
    return [np.random.default_rng(1).normal(size=(2, 12, 12, 3)).astype("float32")]
