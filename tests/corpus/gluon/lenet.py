"""LeNet-5 on 28x28 digits: convolutions, max pooling, Dense layers that flatten (Gluon's default)."""
import numpy as np
from mxnet import gluon
from mxnet.gluon import nn


class Model(gluon.HybridBlock):
    def __init__(self, classes=10, **kwargs):
        super(Model, self).__init__(**kwargs)
        with self.name_scope():
            self.conv1 = nn.Conv2D(6, kernel_size=5, padding=2, activation="tanh")
            self.pool1 = nn.MaxPool2D(pool_size=2, strides=2)
            self.conv2 = nn.Conv2D(16, kernel_size=5, activation="tanh")
            self.pool2 = nn.AvgPool2D(pool_size=2)
            self.fc1 = nn.Dense(120, activation="tanh")   # flattens (N, 16, 5, 5)
            self.fc2 = nn.Dense(84, activation="tanh")
            self.out = nn.Dense(classes)

    def hybrid_forward(self, F, x):
        x = self.pool1(self.conv1(x))
        x = self.pool2(self.conv2(x))
        return self.out(self.fc2(self.fc1(x)))


def get_init_inputs():
    return [10]


def get_inputs():
    return [np.random.default_rng(0).normal(size=(2, 1, 28, 28)).astype("float32")]
