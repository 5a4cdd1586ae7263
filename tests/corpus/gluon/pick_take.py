"""Indexing operators: F.take of embedding rows by ids, F.pick of per-row logits by labels,
F.slice_axis, F.dot with a learned matrix (self.params.get)."""
import numpy as np
import mxnet as mx
from mxnet import gluon
from mxnet.gluon import nn


class Model(gluon.HybridBlock):
    def __init__(self, rows=10, dim=5, classes=4):
        super().__init__()
        with self.name_scope():
            self.table = self.params.get("table", shape=(rows, dim), init=mx.init.Uniform(0.5))
            self.mix = self.params.get("mix", shape=(dim, dim), init=mx.init.Normal(0.2))
            self.fc = nn.Dense(classes, in_units=dim)

    def hybrid_forward(self, F, ids, labels, table, mix):
        rows = F.take(table, ids)                          # (N, dim)
        logits = self.fc(F.dot(rows, F.slice_axis(mix, axis=1, begin=0, end=None)))
        return logits, F.pick(F.log_softmax(logits), labels, axis=-1)


def get_init_inputs():
    return [10, 5, 4]


def get_inputs():
    rng = np.random.default_rng(22)
    return [rng.integers(0, 10, size=(6,)).astype("int32"), rng.integers(0, 4, size=(6,)).astype("int32")]
