"""A gated residual MLP: F.where on a comparison, F.broadcast_add/sub, F.exp/log/sqrt/square,
F.zeros_like, F.stop_gradient, F.stack and F.sum with keepdims."""
import numpy as np
from mxnet import gluon
from mxnet.gluon import nn


class Model(gluon.HybridBlock):
    def __init__(self, dim=6):
        super().__init__()
        self.gate = nn.Dense(dim, in_units=dim)
        self.value = nn.Dense(dim, in_units=dim)

    def hybrid_forward(self, F, x):
        g = F.sigmoid(self.gate(x))
        v = F.tanh(self.value(x))
        pos = F.where(x > 0, F.sqrt(F.square(x) + 1.0), F.zeros_like(x))
        mixed = F.broadcast_add(g * v, F.broadcast_sub(pos, F.stop_gradient(F.mean(pos, axis=0, keepdims=True))))
        norm = F.log(F.sum(F.exp(mixed), axis=-1, keepdims=True))
        return F.stack(F.broadcast_sub(mixed, norm), g, axis=1)


def get_init_inputs():
    return [6]


def get_inputs():
    return [np.random.default_rng(21).normal(size=(4, 6)).astype("float32")]
