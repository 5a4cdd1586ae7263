"""A small NHWC CNN: Conv -> BatchNorm -> relu -> avg_pool, twice, then Dropout and a Dense head.
A `train` argument drives BatchNorm's running averages and Dropout."""
import numpy as np
from flax import linen as nn


class Model(nn.Module):
    num_classes: int = 10
    rate: float = 0.3

    @nn.compact
    def __call__(self, x, train: bool = False):
        for width in (8, 16):
            x = nn.Conv(width, kernel_size=(3, 3))(x)
            x = nn.BatchNorm(use_running_average=not train, momentum=0.9)(x)
            x = nn.relu(x)
            x = nn.avg_pool(x, window_shape=(2, 2), strides=(2, 2))
        x = x.reshape((x.shape[0], -1))
        x = nn.Dropout(self.rate, deterministic=not train)(x)
        return nn.Dense(self.num_classes)(x)


def get_init_inputs():
    return [10, 0.3]


def get_inputs():
    return [np.random.default_rng(2).normal(size=(2, 8, 8, 3)).astype("float32")]
