"""Squeeze-and-excitation: global pooling by F.mean over the spatial axes, two Dense layers, the
channel weights broadcast back with F.broadcast_mul and F.expand_dims."""
import numpy as np
from mxnet import gluon
from mxnet.gluon import nn


class SEBlock(gluon.HybridBlock):
    def __init__(self, channels, reduction=4):
        super().__init__()
        self.fc1 = nn.Dense(channels // reduction, in_units=channels)
        self.fc2 = nn.Dense(channels, in_units=channels // reduction)

    def hybrid_forward(self, F, x):
        w = F.mean(x, axis=(2, 3))
        w = F.sigmoid(self.fc2(F.relu(self.fc1(w))))
        return F.broadcast_mul(x, F.expand_dims(F.expand_dims(w, axis=2), axis=3))


class Model(gluon.HybridBlock):
    def __init__(self, channels=16, classes=3):
        super().__init__()
        self.conv = nn.Conv2D(channels, 3, padding=1, in_channels=3)
        self.se = SEBlock(channels)
        self.fc = nn.Dense(classes)

    def hybrid_forward(self, F, x):
        y = self.se(F.relu(self.conv(x)))
        return self.fc(F.max(y, axis=(2, 3)))


def get_init_inputs():
    return [16, 3]


def get_inputs():
    return [np.random.default_rng(12).normal(size=(2, 3, 8, 8)).astype("float32")]
