"""A custom dense layer whose weight shape is deferred (shape=(units, 0), allow_deferred_init): Gluon
infers the input size from F.FullyConnected on the first call; the translation takes it from the
recorded run (every instance of the class must agree on it). Its bias is a constant-initialised parameter that is not trained (grad_req='null')."""
import numpy as np
import mxnet as mx
from mxnet import gluon


class DeferredDense(gluon.HybridBlock):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.weight = self.params.get("weight", shape=(units, 0), init=mx.init.Xavier(), allow_deferred_init=True)
        self.bias = self.params.get("bias", shape=(units,), init=mx.init.Constant(0.1), grad_req="null")

    def hybrid_forward(self, F, x, weight, bias):
        return F.FullyConnected(x, weight, bias, num_hidden=self.units, flatten=False)


class Model(gluon.HybridBlock):
    def __init__(self, hidden=8, out=3):
        super().__init__()
        self.first = DeferredDense(hidden)
        self.second = gluon.nn.Dense(out, flatten=False)

    def hybrid_forward(self, F, x):
        return self.second(F.relu(self.first(x)))


def get_init_inputs():
    return [8, 3]


def get_inputs():
    return [np.random.default_rng(28).normal(size=(2, 5, 6)).astype("float32")]
