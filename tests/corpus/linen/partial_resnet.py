"""ResNet-style blocks as Flax's ImageNet example writes them: layer factories bound with
functools.partial (conv without bias, batch norm with the train flag and momentum), a projection
shortcut when the shape changes, and strides."""
from functools import partial

import numpy as np
import jax.numpy as jnp
from flax import linen as nn


class ResNetBlock(nn.Module):
    filters: int
    strides: tuple = (1, 1)

    @nn.compact
    def __call__(self, x, train: bool = True):
        conv = partial(nn.Conv, use_bias=False)
        norm = partial(nn.BatchNorm, use_running_average=not train, momentum=0.9, epsilon=1e-5)
        residual = x
        y = conv(self.filters, (3, 3), self.strides)(x)
        y = norm()(y)
        y = nn.relu(y)
        y = conv(self.filters, (3, 3))(y)
        y = norm(scale_init=nn.initializers.zeros_init())(y)
        if residual.shape != y.shape:
            residual = conv(self.filters, (1, 1), self.strides, name="conv_proj")(residual)
            residual = norm(name="norm_proj")(residual)
        return nn.relu(residual + y)


class Model(nn.Module):
    classes: int = 4

    @nn.compact
    def __call__(self, x, train: bool = True):
        x = nn.Conv(8, (3, 3), use_bias=False, name="conv_init")(x)
        x = ResNetBlock(8)(x, train=train)
        x = ResNetBlock(16, strides=(2, 2))(x, train=train)
        x = jnp.mean(x, axis=(1, 2))
        return nn.Dense(self.classes)(x)


def get_init_inputs():
    return [4]


def get_inputs():
    return [np.random.default_rng(20).normal(size=(2, 8, 8, 3)).astype("float32")]
