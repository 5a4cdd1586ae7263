"""Sequence tagger: an embedding, a two-layer LSTM in batch-major layout ('NTC'), a per-step Dense
(flatten=False) and log-softmax."""
import numpy as np
from mxnet import gluon
from mxnet.gluon import nn, rnn


class Model(gluon.HybridBlock):
    def __init__(self, vocab=50, embed=16, hidden=24, tags=5):
        super().__init__()
        with self.name_scope():
            self.embedding = nn.Embedding(vocab, embed)
            self.lstm = rnn.LSTM(hidden, num_layers=2, layout="NTC", input_size=embed)
            self.proj = nn.Dense(tags, flatten=False, in_units=hidden)

    def hybrid_forward(self, F, tokens):
        h = self.lstm(self.embedding(tokens))
        return F.log_softmax(self.proj(h), axis=-1)


def get_init_inputs():
    return [50, 16, 24, 5]


def get_inputs():
    return [np.random.default_rng(5).integers(0, 50, size=(3, 7)).astype("int32")]
