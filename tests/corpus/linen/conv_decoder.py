"""An upsampling decoder: Dense to a small feature map, ConvTranspose with stride 2 and GroupNorm,
a final 1x1 Conv with sigmoid."""
import numpy as np
from flax import linen as nn


class Model(nn.Module):
    latent: int = 4
    channels: int = 8

    @nn.compact
    def __call__(self, z):
        x = nn.Dense(3 * 3 * self.channels)(z).reshape((z.shape[0], 3, 3, self.channels))
        x = nn.ConvTranspose(self.channels, (3, 3), strides=(2, 2))(x)
        x = nn.GroupNorm(num_groups=4)(x)
        x = nn.swish(x)
        return nn.sigmoid(nn.Conv(1, (1, 1))(x))


def get_init_inputs():
    return [4, 8]


def get_inputs():
    return [np.random.default_rng(16).normal(size=(2, 4)).astype("float32")]
