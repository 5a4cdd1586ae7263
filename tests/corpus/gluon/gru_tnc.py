"""A GRU in Gluon's default time-major layout ('TNC'), the last step classified."""
import numpy as np
from mxnet import gluon
from mxnet.gluon import nn, rnn


class Model(gluon.HybridBlock):
    def __init__(self, features=6, hidden=10, classes=3):
        super().__init__()
        self.gru = rnn.GRU(hidden)                     # input_size deferred: from the recorded run
        self.fc = nn.Dense(classes, in_units=hidden)

    def hybrid_forward(self, F, x):
        out = self.gru(x)                              # (T, N, hidden)
        last = F.squeeze(F.slice_axis(out, axis=0, begin=-1, end=None), axis=0)
        return self.fc(last)


def get_init_inputs():
    return [6, 10, 3]


def get_inputs():
    return [np.random.default_rng(6).normal(size=(9, 4, 6)).astype("float32")]
