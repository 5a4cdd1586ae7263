"""A bidirectional LSTM encoder (batch-major), mean and max pooled over time and concatenated."""
import numpy as np
from mxnet import gluon
from mxnet.gluon import nn, rnn


class Model(gluon.HybridBlock):
    def __init__(self, features=8, hidden=12, classes=2):
        super().__init__()
        with self.name_scope():
            self.encoder = rnn.LSTM(hidden, layout="NTC", bidirectional=True, input_size=features)
            self.out = nn.Dense(classes, in_units=4 * hidden)

    def hybrid_forward(self, F, x):
        h = self.encoder(x)                            # (N, T, 2 * hidden)
        pooled = F.concat(F.mean(h, axis=1), F.max(h, axis=1), dim=1)
        return self.out(pooled)


def get_init_inputs():
    return [8, 12, 2]


def get_inputs():
    return [np.random.default_rng(7).normal(size=(3, 5, 8)).astype("float32")]
