"""ResNet basic blocks (two 3x3 convolutions, batch norm, an identity or 1x1 projection shortcut)."""
import numpy as np
from mxnet import gluon
from mxnet.gluon import nn


class BasicBlock(gluon.HybridBlock):
    def __init__(self, channels, stride, downsample=False, in_channels=0, **kwargs):
        super(BasicBlock, self).__init__(**kwargs)
        self.body = nn.HybridSequential(prefix="")
        self.body.add(nn.Conv2D(channels, kernel_size=3, strides=stride, padding=1, use_bias=False,
                                in_channels=in_channels))
        self.body.add(nn.BatchNorm())
        self.body.add(nn.Activation("relu"))
        self.body.add(nn.Conv2D(channels, kernel_size=3, strides=1, padding=1, use_bias=False,
                                in_channels=channels))
        self.body.add(nn.BatchNorm())
        if downsample:
            self.downsample = nn.HybridSequential(prefix="")
            self.downsample.add(nn.Conv2D(channels, kernel_size=1, strides=stride, use_bias=False,
                                          in_channels=in_channels))
            self.downsample.add(nn.BatchNorm())
        else:
            self.downsample = None

    def hybrid_forward(self, F, x):
        residual = x
        x = self.body(x)
        if self.downsample:
            residual = self.downsample(residual)
        return F.Activation(residual + x, act_type="relu")


class Model(gluon.HybridBlock):
    def __init__(self, classes=10):
        super().__init__()
        self.stem = nn.Conv2D(8, 3, padding=1, in_channels=3)
        self.block1 = BasicBlock(8, 1, in_channels=8)
        self.block2 = BasicBlock(16, 2, downsample=True, in_channels=8)
        self.pool = nn.GlobalAvgPool2D()
        self.fc = nn.Dense(classes)

    def hybrid_forward(self, F, x):
        x = self.block2(self.block1(F.relu(self.stem(x))))
        return self.fc(self.pool(x))


def get_init_inputs():
    return [10]


def get_inputs():
    return [np.random.default_rng(2).normal(size=(2, 3, 12, 12)).astype("float32")]
