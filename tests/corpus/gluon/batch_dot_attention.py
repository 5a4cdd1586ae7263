"""Scaled dot-product self-attention written with batch_dot (transpose_b), softmax and a residual
with layer normalisation."""
import math

import numpy as np
from mxnet import gluon
from mxnet.gluon import nn


class SelfAttention(gluon.HybridBlock):
    def __init__(self, dim, **kwargs):
        super().__init__(**kwargs)
        self.scale = 1.0 / math.sqrt(dim)
        with self.name_scope():
            self.query = nn.Dense(dim, flatten=False, in_units=dim)
            self.key = nn.Dense(dim, flatten=False, in_units=dim)
            self.value = nn.Dense(dim, flatten=False, in_units=dim)
            self.norm = nn.LayerNorm(in_channels=dim)

    def hybrid_forward(self, F, x):
        q, k, v = self.query(x), self.key(x), self.value(x)
        scores = F.batch_dot(q, k, transpose_b=True) * self.scale
        weights = F.softmax(scores, axis=-1)
        return self.norm(x + F.batch_dot(weights, v))


class Model(gluon.HybridBlock):
    def __init__(self, dim=16, classes=3):
        super().__init__()
        self.attn = SelfAttention(dim)
        self.head = nn.Dense(classes, in_units=dim)

    def hybrid_forward(self, F, x):
        return self.head(F.mean(self.attn(x), axis=1))


def get_init_inputs():
    return [16, 3]


def get_inputs():
    return [np.random.default_rng(8).normal(size=(2, 6, 16)).astype("float32")]
