"""Multi-head splitting with MXNet's reshape special codes (0 copy, -1 infer, -4 split, -3 merge),
F.transpose with axes and F.swapaxes."""
import numpy as np
from mxnet import gluon
from mxnet.gluon import nn


class Model(gluon.HybridBlock):
    def __init__(self, dim=12, heads=3):
        super().__init__()
        self.heads = heads
        self.proj = nn.Dense(dim, flatten=False, in_units=dim)
        self.out = nn.Dense(4, in_units=dim)

    def hybrid_forward(self, F, x):
        h = self.proj(x)                                          # (N, T, D)
        h = F.reshape(h, shape=(0, 0, -4, self.heads, -1))        # (N, T, H, D / H)
        h = F.transpose(h, axes=(0, 2, 1, 3))                     # (N, H, T, D / H)
        s = F.batch_dot(F.reshape(h, shape=(-3, 0, 0)), F.reshape(h, shape=(-3, 0, 0)), transpose_b=True)
        s = F.softmax(s, axis=-1)                                 # (N * H, T, T)
        y = F.batch_dot(s, F.reshape(h, shape=(-3, 0, 0)))        # (N * H, T, D / H)
        y = F.reshape(y, shape=(-4, -1, self.heads, 0, 0))        # (N, H, T, D / H)
        y = F.reshape(F.swapaxes(y, 1, 2), shape=(0, 0, -1))      # (N, T, D)
        return self.out(F.sum(y, axis=1))


def get_init_inputs():
    return [12, 3]


def get_inputs():
    return [np.random.default_rng(18).normal(size=(2, 5, 12)).astype("float32")]
