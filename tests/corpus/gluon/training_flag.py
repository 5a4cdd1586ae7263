"""A block that behaves differently in training (autograd.is_training()), built in a plain
nn.Sequential of a gluon.Block, with hybrid_forward's parameters taken through **kwargs."""
import numpy as np
import mxnet as mx
from mxnet import autograd, gluon
from mxnet.gluon import nn


class Scale(gluon.HybridBlock):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.alpha = self.params.get("alpha", shape=(1, units), init=mx.init.Constant(0.5))

    def hybrid_forward(self, F, x, **kwargs):
        if autograd.is_training():
            x = x * 0.9
        return F.broadcast_mul(x, kwargs["alpha"])


class Model(gluon.Block):
    def __init__(self, features=5, units=6):
        super().__init__()
        self.body = nn.Sequential()
        with self.body.name_scope():
            self.body.add(nn.Dense(units, in_units=features), Scale(units), nn.Activation("tanh"))

    def forward(self, x):
        return self.body(x)


def get_init_inputs():
    return [5, 6]


def get_inputs():
    return [np.random.default_rng(25).normal(size=(3, 5)).astype("float32")]
