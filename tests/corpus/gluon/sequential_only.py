"""A model that is a HybridSequential itself (a subclass filled by self.add)."""
import numpy as np
from mxnet.gluon import nn


class Model(nn.HybridSequential):
    def __init__(self, classes=3):
        super().__init__()
        with self.name_scope():
            self.add(nn.Conv1D(6, 3, in_channels=4), nn.Activation("sigmoid"))
            self.add(nn.MaxPool1D(2))
            self.add(nn.Flatten())
            self.add(nn.Dense(classes, in_units=36))


def get_init_inputs():
    return [3]


def get_inputs():
    return [np.random.default_rng(13).normal(size=(2, 4, 14)).astype("float32")]
