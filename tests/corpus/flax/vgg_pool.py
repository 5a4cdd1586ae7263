"""A VGG-style stack: convs with nnx.max_pool (NHWC) between, nnx.avg_pool, then a dense head."""
import numpy as np
from flax import nnx


class Model(nnx.Module):
    def __init__(self, channels=3, classes=6, *, rngs: nnx.Rngs):
        self.conv1 = nnx.Conv(channels, 8, (3, 3), rngs=rngs)
        self.conv2 = nnx.Conv(8, 16, (3, 3), rngs=rngs)
        self.head = nnx.Linear(16 * 2 * 2, classes, rngs=rngs)

    def __call__(self, x):
        x = nnx.max_pool(nnx.relu(self.conv1(x)), window_shape=(2, 2), strides=(2, 2))
        x = nnx.relu(self.conv2(x))
        x = nnx.max_pool(x, (3, 3), padding="SAME")
        x = nnx.avg_pool(x, (2, 2), strides=(2, 2), padding="VALID")
        return self.head(x.reshape(x.shape[0], -1))


def get_init_inputs():
    return [3, 6]


def get_inputs():
    return [np.random.default_rng(25).normal(size=(2, 8, 8, 3)).astype("float32")]
