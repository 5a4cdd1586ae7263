"""A 1-d convolutional text model: embedding, F.transpose to channels-first, two Conv1D widths,
max over time, F.Dropout, classifier."""
import numpy as np
from mxnet import gluon
from mxnet.gluon import nn


class Model(gluon.HybridBlock):
    def __init__(self, vocab=40, dim=8, filters=6, classes=2):
        super().__init__()
        self.drop_rate = 0.25
        with self.name_scope():
            self.embed = nn.Embedding(vocab, dim)
            self.conv3 = nn.Conv1D(filters, 3, activation="relu", in_channels=dim)
            self.conv5 = nn.Conv1D(filters, 5, padding=2, activation="relu", in_channels=dim)
            self.fc = nn.Dense(classes, in_units=2 * filters)

    def hybrid_forward(self, F, tokens):
        e = F.transpose(self.embed(tokens), axes=(0, 2, 1))
        a = F.max(self.conv3(e), axis=2)
        b = F.max(self.conv5(e), axis=2)
        h = F.Dropout(F.concat(a, b, dim=1), p=self.drop_rate)
        return self.fc(h)


def get_init_inputs():
    return [40, 8, 6, 2]


def get_inputs():
    return [np.random.default_rng(19).integers(0, 40, size=(3, 12)).astype("int32")]
