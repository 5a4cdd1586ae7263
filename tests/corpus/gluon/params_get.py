"""A custom layer whose parameters come from self.params.get and arrive in hybrid_forward as
keyword arguments: a scaled linear map with a learned gain (F.FullyConnected, F.broadcast_mul)."""
import numpy as np
import mxnet as mx
from mxnet import gluon


class ScaledLinear(gluon.HybridBlock):
    def __init__(self, units, in_units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        with self.name_scope():
            self.weight = self.params.get("weight", shape=(units, in_units), init=mx.init.Normal(0.1))
            self.bias = self.params.get("bias", shape=(units,), init=mx.init.Zero())
            self.gain = self.params.get("gain", shape=(1, units), init=mx.init.One())

    def hybrid_forward(self, F, x, weight, bias, gain):
        y = F.FullyConnected(x, weight, bias, num_hidden=self.units)
        return F.broadcast_mul(y, gain)


class Model(gluon.HybridBlock):
    def __init__(self, features=7, units=5):
        super().__init__()
        self.layer1 = ScaledLinear(units, features)
        self.layer2 = ScaledLinear(2, units)

    def hybrid_forward(self, F, x):
        return self.layer2(F.tanh(self.layer1(x)))


def get_init_inputs():
    return [7, 5]


def get_inputs():
    return [np.random.default_rng(14).normal(size=(4, 7)).astype("float32")]
