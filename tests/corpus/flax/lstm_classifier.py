"""An LSTM over token embeddings (nnx.RNN scanning an nnx.LSTMCell), the last step classified."""
import numpy as np
from flax import nnx


class Model(nnx.Module):
    def __init__(self, vocab=40, dim=8, hidden=12, classes=3, *, rngs: nnx.Rngs):
        self.embed = nnx.Embed(vocab, dim, rngs=rngs)
        self.rnn = nnx.RNN(nnx.LSTMCell(dim, hidden, rngs=rngs))
        self.out = nnx.Linear(hidden, classes, rngs=rngs)

    def __call__(self, tokens):
        h = self.rnn(self.embed(tokens))
        return self.out(h[:, -1])


def get_init_inputs():
    return [40, 8, 12, 3]


def get_inputs():
    return [np.random.default_rng(21).integers(0, 40, size=(2, 6)).astype("int32")]
