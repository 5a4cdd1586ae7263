"""An encoder-decoder: the encoder LSTM's final states (an initial state passed in) start the
decoder LSTM; a GRU carries its state over two chunks of the sequence. Gluon returns
(output, [h, c]) from a recurrent layer given states."""
import numpy as np
from mxnet import gluon
from mxnet.gluon import nn, rnn


class Model(gluon.HybridBlock):
    def __init__(self, features=4, hidden=6, classes=3):
        super().__init__()
        with self.name_scope():
            self.encoder = rnn.LSTM(hidden, layout="NTC", input_size=features)
            self.decoder = rnn.LSTM(hidden, layout="NTC", input_size=features)
            self.gru = rnn.GRU(hidden, layout="NTC", input_size=features)
            self.out = nn.Dense(classes, flatten=False, in_units=2 * hidden)

    def hybrid_forward(self, F, src, tgt, h0):
        _, states = self.encoder(src, [h0, h0])
        dec, _ = self.decoder(tgt, states)
        first, state = self.gru(F.slice_axis(tgt, axis=1, begin=0, end=2), [h0])
        second, _ = self.gru(F.slice_axis(tgt, axis=1, begin=2, end=None), state)
        return self.out(F.concat(dec, F.concat(first, second, dim=1), dim=2))


def get_init_inputs():
    return [4, 6, 3]


def get_inputs():
    rng = np.random.default_rng(27)
    return [rng.normal(size=(2, 5, 4)).astype("float32"), rng.normal(size=(2, 4, 4)).astype("float32"),
            rng.normal(size=(1, 2, 6)).astype("float32")]
