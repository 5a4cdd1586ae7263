"""A small U-Net: two down steps, a transposed-convolution up step and F.concat skip connections."""
import numpy as np
from mxnet import gluon
from mxnet.gluon import nn


def double_conv(channels):
    seq = nn.HybridSequential()
    seq.add(nn.Conv2D(channels, 3, padding=1), nn.BatchNorm(), nn.Activation("relu"))
    seq.add(nn.Conv2D(channels, 3, padding=1), nn.Activation("relu"))
    return seq


class Model(gluon.HybridBlock):
    def __init__(self, classes=2):
        super().__init__()
        with self.name_scope():
            self.down1 = double_conv(8)
            self.pool = nn.MaxPool2D(2)
            self.down2 = double_conv(16)
            self.up = nn.Conv2DTranspose(8, kernel_size=2, strides=2, in_channels=16)
            self.fuse = double_conv(8)
            self.out = nn.Conv2D(classes, 1)

    def hybrid_forward(self, F, x):
        d1 = self.down1(x)
        d2 = self.down2(self.pool(d1))
        u = self.up(d2)
        return self.out(self.fuse(F.concat(u, d1, dim=1)))


def get_init_inputs():
    return [2]


def get_inputs():
    return [np.random.default_rng(11).normal(size=(2, 3, 16, 16)).astype("float32")]
