"""Tabular MLP: Dense without bias, BatchNorm (momentum 0.8), ReLU and dropout, as a Sequential."""
import numpy as np
from mxnet import gluon
from mxnet.gluon import nn


class Model(gluon.HybridBlock):
    def __init__(self, features=12, hidden=32, classes=3, rate=0.3):
        super().__init__()
        self.net = nn.HybridSequential()
        with self.net.name_scope():
            self.net.add(nn.Dense(hidden, use_bias=False, in_units=features),
                         nn.BatchNorm(momentum=0.8, epsilon=1e-3),
                         nn.Activation("relu"),
                         nn.Dropout(rate),
                         nn.Dense(hidden // 2, activation="relu"),
                         nn.BatchNorm(),
                         nn.Dense(classes))

    def hybrid_forward(self, F, x):
        return F.softmax(self.net(x), axis=1)


def get_init_inputs():
    return [12, 32, 3, 0.3]


def get_inputs():
    return [np.random.default_rng(3).normal(size=(8, 12)).astype("float32")]
