"""A dense autoencoder with nnx.Sequential encoder and decoder (functions as elements)."""
import numpy as np
from flax import nnx


class Model(nnx.Module):
    def __init__(self, side=8, code=6, *, rngs: nnx.Rngs):
        self.side = side
        self.encoder = nnx.Sequential(nnx.Linear(side * side, 32, rngs=rngs), nnx.relu,
                                      nnx.Linear(32, code, rngs=rngs), nnx.tanh)
        self.decoder = nnx.Sequential(nnx.Linear(code, 32, rngs=rngs), nnx.relu,
                                      nnx.Linear(32, side * side, rngs=rngs), nnx.sigmoid)

    def __call__(self, x):
        z = self.encoder(x.reshape(x.shape[0], -1))
        return self.decoder(z).reshape(-1, self.side, self.side, 1)


def get_init_inputs():
    return [8, 6]


def get_inputs():
    return [np.random.default_rng(5).uniform(size=(3, 8, 8, 1)).astype("float32")]
