"""Text classifier: embeddings averaged over the tokens (F.mean over axis 1), a hidden layer."""
import numpy as np
from mxnet import gluon
from mxnet.gluon import nn


class Model(gluon.HybridBlock):
    def __init__(self, vocab=100, dim=12, classes=4):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.hidden = nn.Dense(16, activation="relu", flatten=False)
        self.out = nn.Dense(classes)

    def hybrid_forward(self, F, tokens):
        e = F.mean(self.embed(tokens), axis=1)
        return self.out(self.hidden(e))


def get_init_inputs():
    return [100, 12, 4]


def get_inputs():
    return [np.random.default_rng(9).integers(0, 100, size=(5, 11)).astype("int32")]
