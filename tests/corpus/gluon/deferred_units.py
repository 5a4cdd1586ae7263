"""Every size deferred (in_units=0, in_channels=0 by default): Conv2D, BatchNorm and Dense learn
their input sizes on the first call."""
import numpy as np
from mxnet import gluon
from mxnet.gluon import nn


class Model(gluon.HybridBlock):
    def __init__(self, classes=6):
        super().__init__()
        self.conv = nn.Conv2D(4, kernel_size=(3, 3), strides=(2, 2))
        self.bn = nn.BatchNorm()
        self.hidden = nn.Dense(20)
        self.ln = nn.LayerNorm()
        self.out = nn.Dense(classes)

    def hybrid_forward(self, F, x):
        x = F.relu(self.bn(self.conv(x)))
        return self.out(self.ln(F.relu(self.hidden(x))))


def get_init_inputs():
    return [6]


def get_inputs():
    return [np.random.default_rng(16).normal(size=(2, 2, 11, 11)).astype("float32")]
