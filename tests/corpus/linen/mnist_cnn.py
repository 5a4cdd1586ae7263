"""The CNN of Flax's MNIST example, keyword style (features=, kernel_size=), on small images."""
import numpy as np
from flax import linen as nn


class Model(nn.Module):
    """A simple CNN model."""

    @nn.compact
    def __call__(self, x):
        x = nn.Conv(features=8, kernel_size=(3, 3))(x)
        x = nn.relu(x)
        x = nn.avg_pool(x, window_shape=(2, 2), strides=(2, 2))
        x = nn.Conv(features=16, kernel_size=(3, 3))(x)
        x = nn.relu(x)
        x = nn.avg_pool(x, window_shape=(2, 2), strides=(2, 2))
        x = x.reshape((x.shape[0], -1))  # flatten
        x = nn.Dense(features=32)(x)
        x = nn.relu(x)
        x = nn.Dense(features=10)(x)
        return nn.log_softmax(x)


def get_init_inputs():
    return []


def get_inputs():
    return [np.random.default_rng(19).normal(size=(2, 12, 12, 1)).astype("float32")]
