"""A two-layer Elman RNN (Gluon's default activation is relu, PyTorch's tanh) in time-major layout,
then a bidirectional tanh RNN; the outputs averaged over time by an NDArray method."""
import numpy as np
from mxnet import gluon
from mxnet.gluon import nn, rnn


class Model(gluon.HybridBlock):
    def __init__(self, features=5, hidden=7, classes=3):
        super().__init__()
        with self.name_scope():
            self.rnn1 = rnn.RNN(hidden, num_layers=2, input_size=features)
            self.rnn2 = rnn.RNN(hidden, activation="tanh", bidirectional=True, input_size=hidden)
            self.out = nn.Dense(classes, in_units=2 * hidden)

    def hybrid_forward(self, F, x):
        h = self.rnn2(self.rnn1(x))            # (T, N, 2 * hidden)
        return self.out(h.mean(axis=0))


def get_init_inputs():
    return [5, 7, 3]


def get_inputs():
    return [np.random.default_rng(23).normal(size=(6, 2, 5)).astype("float32")]
