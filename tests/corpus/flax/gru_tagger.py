"""A GRU sequence tagger (nnx.RNN(nnx.GRUCell)): a dense layer on every step."""
import numpy as np
from flax import nnx


class Model(nnx.Module):
    def __init__(self, din=5, hidden=7, tags=4, *, rngs: nnx.Rngs):
        self.rnn = nnx.RNN(nnx.GRUCell(in_features=din, hidden_features=hidden, rngs=rngs))
        self.tag = nnx.Linear(hidden, tags, rngs=rngs)

    def __call__(self, x):
        return self.tag(self.rnn(x))


def get_init_inputs():
    return [5, 7, 4]


def get_inputs():
    return [np.random.default_rng(22).normal(size=(3, 6, 5)).astype("float32")]
