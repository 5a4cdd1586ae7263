"""A VGG-style network: blocks of 3x3 convolutions with batch norm built in a loop into
HybridSequentials, global average pooling, a classifier head."""
import numpy as np
from mxnet import gluon
from mxnet.gluon import nn


def conv_block(channels, convs):
    block = nn.HybridSequential()
    for _ in range(convs):
        block.add(nn.Conv2D(channels, 3, padding=1, use_bias=False))
        block.add(nn.BatchNorm())
        block.add(nn.Activation("relu"))
    block.add(nn.MaxPool2D(2))
    return block


class Model(gluon.HybridBlock):
    def __init__(self, classes=5):
        super().__init__()
        with self.name_scope():
            self.stage1 = conv_block(8, 1)
            self.stage2 = conv_block(16, 2)
            self.pool = nn.GlobalAvgPool2D()
            self.flat = nn.Flatten()
            self.head = nn.Dense(classes, in_units=16)

    def hybrid_forward(self, F, x):
        x = self.stage2(self.stage1(x))
        return self.head(self.flat(self.pool(x)))


def get_init_inputs():
    return [5]


def get_inputs():
    return [np.random.default_rng(1).normal(size=(2, 3, 16, 16)).astype("float32")]
