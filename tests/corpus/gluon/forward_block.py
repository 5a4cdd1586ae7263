"""An imperative gluon.Block with forward(self, x) and nd.* operators (not hybridizable)."""
import numpy as np
from mxnet import gluon, nd
from mxnet.gluon import nn


class Model(gluon.Block):
    def __init__(self, hidden=10, classes=3, **kwargs):
        super().__init__(**kwargs)
        self.fc1 = nn.Dense(hidden, in_units=6)
        self.fc2 = nn.Dense(classes, in_units=hidden)

    def forward(self, x):
        h = nd.relu(self.fc1(x))
        h = h * nd.sigmoid(h)
        return nd.softmax(self.fc2(h))


def get_init_inputs():
    return [10, 3]


def get_inputs():
    return [np.random.default_rng(15).normal(size=(4, 6)).astype("float32")]
