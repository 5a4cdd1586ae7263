"""MobileNet-style depthwise separable convolutions (groups = channels) with BatchNorm and ReLU6
written as F.clip."""
import numpy as np
from mxnet import gluon
from mxnet.gluon import nn


class DepthwiseSeparable(gluon.HybridBlock):
    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.dw = nn.Conv2D(in_channels, 3, strides=stride, padding=1, groups=in_channels,
                            use_bias=False, in_channels=in_channels)
        self.bn1 = nn.BatchNorm(in_channels=in_channels)
        self.pw = nn.Conv2D(out_channels, 1, use_bias=False, in_channels=in_channels)
        self.bn2 = nn.BatchNorm(in_channels=out_channels)

    def hybrid_forward(self, F, x):
        x = F.clip(self.bn1(self.dw(x)), 0, 6)
        return F.clip(self.bn2(self.pw(x)), a_min=0, a_max=6)


class Model(gluon.HybridBlock):
    def __init__(self, classes=4):
        super().__init__()
        with self.name_scope():
            self.stem = nn.Conv2D(8, 3, strides=2, padding=1, in_channels=3)
            self.b1 = DepthwiseSeparable(8, 16)
            self.b2 = DepthwiseSeparable(16, 32, stride=2)
            self.pool = nn.GlobalAvgPool2D()
            self.fc = nn.Dense(classes, in_units=32)

    def hybrid_forward(self, F, x):
        x = self.b2(self.b1(self.stem(x)))
        return self.fc(self.pool(x))


def get_init_inputs():
    return [4]


def get_inputs():
    return [np.random.default_rng(4).normal(size=(2, 3, 16, 16)).astype("float32")]
