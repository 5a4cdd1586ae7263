"""Initializers PyTorch has and mx.init lacks (a parameter's own `init` is always applied through
_init_weight, whatever the parameter's name)."""
import mxnet as mx
import numpy as np


class NormalInit(mx.init.Initializer):
    """PyTorch's normal_(mean, std): mx.init.Normal draws around 0 only."""

    def __init__(self, mean=0.0, std=1.0):
        super().__init__(mean=mean, std=std)
        self.mean, self.std = mean, std

    def _init_weight(self, _, arr):
        arr[:] = mx.nd.random.normal(self.mean, self.std, shape=arr.shape, dtype=arr.dtype)


class UniformInit(mx.init.Initializer):
    """PyTorch's uniform_(a, b): mx.init.Uniform draws from a range symmetric about 0 only."""

    def __init__(self, low=0.0, high=1.0):
        super().__init__(low=low, high=high)
        self.low, self.high = low, high

    def _init_weight(self, _, arr):
        arr[:] = mx.nd.random.uniform(self.low, self.high, shape=arr.shape, dtype=arr.dtype)


class TruncatedNormalInit(mx.init.Initializer):
    """PyTorch's trunc_normal_(mean, std, a, b): a normal draw kept within [a, b] (absolute bounds),
    values outside drawn again."""

    def __init__(self, mean=0.0, std=1.0, a=-2.0, b=2.0):
        super().__init__(mean=mean, std=std, a=a, b=b)
        self.mean, self.std, self.a, self.b = mean, std, a, b

    def _init_weight(self, _, arr):
        out = mx.nd.random.normal(self.mean, self.std, shape=(arr.size,)).asnumpy()
        bad = (out < self.a) | (out > self.b)
        while bad.any():
            out[bad] = mx.nd.random.normal(self.mean, self.std, shape=(int(bad.sum()),)).asnumpy()
            bad = (out < self.a) | (out > self.b)
        arr[:] = out.reshape(arr.shape).astype(np.float32)
