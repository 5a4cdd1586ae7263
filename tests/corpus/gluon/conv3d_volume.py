"""A 3-d convolutional network on small volumes: Conv3D, BatchNorm, 3-d pooling."""
import numpy as np
from mxnet import gluon
from mxnet.gluon import nn


class Model(gluon.HybridBlock):
    def __init__(self, classes=3):
        super().__init__()
        self.features = nn.HybridSequential()
        self.features.add(nn.Conv3D(4, 3, padding=1, in_channels=1), nn.BatchNorm(in_channels=4),
                          nn.Activation("relu"), nn.MaxPool3D(2),
                          nn.Conv3D(8, (1, 3, 3), strides=(1, 2, 2), in_channels=4), nn.Activation("relu"),
                          nn.GlobalAvgPool3D())
        self.classifier = nn.Dense(classes, in_units=8)

    def hybrid_forward(self, F, x):
        return self.classifier(self.features(x))


def get_init_inputs():
    return [3]


def get_inputs():
    return [np.random.default_rng(20).normal(size=(2, 1, 6, 8, 8)).astype("float32")]
