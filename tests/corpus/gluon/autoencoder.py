"""A dense autoencoder: encoder and decoder Sequentials, sigmoid output reshaped to the image."""
import numpy as np
from mxnet import gluon
from mxnet.gluon import nn


class Model(gluon.HybridBlock):
    def __init__(self, side=8, code=6):
        super().__init__()
        self.side = side
        self.encoder = nn.HybridSequential()
        self.encoder.add(nn.Dense(32, activation="relu"), nn.Dense(code, activation="tanh"))
        self.decoder = nn.HybridSequential()
        self.decoder.add(nn.Dense(32, activation="relu"))
        self.decoder.add(nn.Dense(side * side, activation="sigmoid"))

    def hybrid_forward(self, F, x):
        z = self.encoder(x)                    # flattens (N, 1, 8, 8)
        y = self.decoder(z)
        return F.reshape(y, shape=(-1, 1, self.side, self.side))


def get_init_inputs():
    return [8, 6]


def get_inputs():
    return [np.random.default_rng(10).uniform(size=(3, 1, 8, 8)).astype("float32")]
