"""PyTorch's recurrent layers with Keras's own: layers.LSTM / GRU (reset_after=True, PyTorch's GRU
bias layout) / SimpleRNN per layer and direction, with PyTorch's call conventions: input (L, N, H_in)
((N, L, H_in) if batch_first, or unbatched (L, H_in)), states (layers * directions, N, H), returns
(output, h_n) or (output, (h_n, c_n)) for LSTM. Weights: see layers/recurrent.py's transfer hooks
(gates reordered for GRU, PyTorch's two biases summed where Keras has one)."""
import keras
from keras import layers, ops


class RNNBase(layers.Layer):
    """Stacked, optionally bidirectional recurrence with torch.nn.RNNBase's interface. `cells` holds
    one Keras recurrent layer per layer and direction (index layer * directions + direction)."""

    kind = "rnn"

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, nonlinearity="tanh", **kwargs):
        super().__init__(**kwargs)
        self.hidden_size, self.num_layers, self.batch_first = hidden_size, num_layers, batch_first
        self.dropout, self.num_directions = dropout, 2 if bidirectional else 1
        self.cells = [self._layer(hidden_size, bias, nonlinearity, backwards=d == 1)
                      for _ in range(num_layers) for d in range(self.num_directions)]
        self.seed_generator = keras.random.SeedGenerator()

    def _layer(self, units, bias, nonlinearity, backwards):
        kw = dict(use_bias=bias, return_sequences=True, return_state=True, go_backwards=backwards)
        if self.kind == "lstm":
            return layers.LSTM(units, **kw)
        if self.kind == "gru":
            return layers.GRU(units, reset_after=True, **kw)
        return layers.SimpleRNN(units, activation=nonlinearity, **kw)

    def call(self, input, hx=None, training=None):
        unbatched = len(input.shape) == 2
        x = ops.expand_dims(input, 1) if unbatched else input
        if not self.batch_first and not unbatched:
            x = ops.swapaxes(x, 0, 1)
        elif unbatched:
            x = ops.swapaxes(x, 0, 1)   # (L, 1, H) -> (1, L, H)
        states = self._states(hx, unbatched)
        last_h, last_c = [], []
        for layer in range(self.num_layers):
            outs = []
            for d in range(self.num_directions):
                k = layer * self.num_directions + d
                init = None if states is None else [s[k] for s in states]
                out, *final = self.cells[k](x, initial_state=init, training=training)
                outs.append(ops.flip(out, axis=1) if d == 1 else out)
                last_h.append(final[0])
                if self.kind == "lstm":
                    last_c.append(final[1])
            x = outs[0] if len(outs) == 1 else ops.concatenate(outs, axis=-1)
            if training and self.dropout and layer < self.num_layers - 1:
                x = keras.random.dropout(x, self.dropout, seed=self.seed_generator)
        out = x if self.batch_first and not unbatched else ops.swapaxes(x, 0, 1)
        h = ops.stack(last_h)
        if unbatched:
            out, h = out[:, 0], h[:, 0]
        if self.kind != "lstm":
            return out, h
        c = ops.stack(last_c)
        return out, (h, c[:, 0] if unbatched else c)

    def _states(self, hx, unbatched):
        if hx is None:
            return None
        states = list(hx) if self.kind == "lstm" else [hx]
        return [ops.expand_dims(s, 1) if unbatched else s for s in states]


class LSTM(RNNBase):
    """torch.nn.LSTM."""
    kind = "lstm"


class GRU(RNNBase):
    """torch.nn.GRU."""
    kind = "gru"


class RNN(RNNBase):
    """torch.nn.RNN (nonlinearity 'tanh' or 'relu')."""
    kind = "rnn"


class CellBase(layers.Layer):
    """torch.nn.LSTMCell / GRUCell / RNNCell on a Keras cell (`cell`): one step, PyTorch's states."""

    kind = "rnn"

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", **kwargs):
        super().__init__(**kwargs)
        self.hidden_size = hidden_size
        if self.kind == "lstm":
            self.cell = layers.LSTMCell(hidden_size, use_bias=bias)
        elif self.kind == "gru":
            self.cell = layers.GRUCell(hidden_size, use_bias=bias, reset_after=True)
        else:
            self.cell = layers.SimpleRNNCell(hidden_size, use_bias=bias, activation=nonlinearity)

    def call(self, input, hx=None, training=None):
        unbatched = len(input.shape) == 1
        x = ops.expand_dims(input, 0) if unbatched else input
        if hx is None:
            zeros = ops.zeros((x.shape[0], self.hidden_size), x.dtype)
            hx = (zeros, zeros) if self.kind == "lstm" else zeros
        states = [ops.expand_dims(s, 0) if unbatched else s for s in (hx if self.kind == "lstm" else [hx])]
        h, new = self.cell(x, states, training=training)
        out = (new[0], new[1]) if self.kind == "lstm" else h
        if unbatched:
            out = (out[0][0], out[1][0]) if self.kind == "lstm" else out[0]
        return out


class LSTMCell(CellBase):
    """torch.nn.LSTMCell: `h, c = cell(x, (h, c))`."""
    kind = "lstm"


class GRUCell(CellBase):
    """torch.nn.GRUCell: `h = cell(x, h)`."""
    kind = "gru"


class RNNCell(CellBase):
    """torch.nn.RNNCell: `h = cell(x, h)`."""
    kind = "rnn"
