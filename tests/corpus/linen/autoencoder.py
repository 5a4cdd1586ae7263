"""An autoencoder of two user modules (setup style) whose sizes are fields."""
import numpy as np
from flax import linen as nn


class Encoder(nn.Module):
    latent: int

    def setup(self):
        self.hidden = nn.Dense(32)
        self.code = nn.Dense(self.latent)

    def __call__(self, x):
        return self.code(nn.relu(self.hidden(x)))


class Decoder(nn.Module):
    out: int

    @nn.compact
    def __call__(self, z):
        z = nn.relu(nn.Dense(32)(z))
        return nn.sigmoid(nn.Dense(self.out)(z))


class Model(nn.Module):
    side: int = 6
    latent: int = 4

    def setup(self):
        self.encoder = Encoder(self.latent)
        self.decoder = Decoder(self.side * self.side)

    def __call__(self, x):
        z = self.encoder(x.reshape((x.shape[0], -1)))
        return self.decoder(z).reshape(x.shape)


def get_init_inputs():
    return [6, 4]


def get_inputs():
    return [np.random.default_rng(8).uniform(size=(3, 6, 6)).astype("float32")]
