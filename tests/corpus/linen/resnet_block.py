"""A residual block (Conv-BN-relu-Conv-BN + identity) used twice after a stem convolution."""
import numpy as np
from flax import linen as nn


class ResBlock(nn.Module):
    channels: int

    @nn.compact
    def __call__(self, x, train: bool = False):
        y = nn.Conv(self.channels, (3, 3), use_bias=False)(x)
        y = nn.BatchNorm(use_running_average=not train)(y)
        y = nn.relu(y)
        y = nn.Conv(self.channels, (3, 3), use_bias=False)(y)
        y = nn.BatchNorm(use_running_average=not train, scale_init=nn.initializers.zeros)(y)
        return nn.relu(x + y)


class Model(nn.Module):
    channels: int = 8
    classes: int = 5

    @nn.compact
    def __call__(self, x, train: bool = False):
        x = nn.Conv(self.channels, (3, 3), strides=(2, 2), name="stem")(x)
        x = ResBlock(self.channels)(x, train=train)
        x = ResBlock(self.channels, name="block2")(x, train)
        x = jnp_mean(x)
        return nn.Dense(self.classes)(x)


def jnp_mean(x):
    return x.mean(axis=(1, 2))


def get_init_inputs():
    return [8, 5]


def get_inputs():
    return [np.random.default_rng(7).normal(size=(2, 10, 10, 3)).astype("float32")]
