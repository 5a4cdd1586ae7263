import numpy as np
import mxnet as mx
from mxnet import gluon, nd
from mxnet.gluon import nn


class Model(gluon.HybridBlock):
    """A small MLP."""

    def __init__(self, hidden=16, classes=4, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.fc1 = nn.Dense(hidden, activation="relu")
            self.drop = nn.Dropout(0.2)
            self.fc2 = nn.Dense(classes, in_units=hidden)

    def hybrid_forward(self, F, x):
        h = self.drop(self.fc1(x))
        return F.log_softmax(self.fc2(h), axis=-1)


def get_init_inputs():
    return [16, 4]


def get_inputs():
    return [np.random.default_rng(0).normal(size=(3, 2, 5)).astype("float32")]
