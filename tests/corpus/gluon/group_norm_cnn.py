"""A small CNN with group normalisation (Gluon 1.x: one scale and shift per group), an ELU and
average pooling with padding (count_include_pad=False) and ceil_mode."""
import numpy as np
from mxnet import gluon
from mxnet.gluon import nn


class Model(gluon.HybridBlock):
    def __init__(self, classes=3):
        super().__init__()
        with self.name_scope():
            self.conv1 = nn.Conv2D(8, 3, padding=1, in_channels=3)
            self.gn1 = nn.GroupNorm(num_groups=4)
            self.act = nn.ELU()
            self.pool = nn.AvgPool2D(3, strides=2, padding=1, ceil_mode=True, count_include_pad=False)
            self.conv2 = nn.Conv2D(6, 3, in_channels=8)
            self.gn2 = nn.GroupNorm(num_groups=2, epsilon=1e-3)
            self.head = nn.Dense(classes)

    def hybrid_forward(self, F, x):
        x = self.pool(self.act(self.gn1(self.conv1(x))))
        return self.head(F.relu(self.gn2(self.conv2(x))))


def get_init_inputs():
    return [3]


def get_inputs():
    return [np.random.default_rng(26).normal(size=(2, 3, 9, 9)).astype("float32")]
