"""PyTorch's recurrent layers in Flax NNX, with PyTorch's call conventions and gate math.

nnx.LSTMCell / nnx.GRUCell / nnx.SimpleCell differ from PyTorch in their biases (nnx.GRUCell has no
b_hn inside r * (W_hn h + b_hn); none of them has bias=False), so these cells keep PyTorch's two
Linear maps `ih` (weight_ih, bias_ih) and `hh` (weight_hh, bias_hh) with the gates stacked in
PyTorch's order. Copied into translated code by nnport.
"""
import jax
import jax.numpy as jnp
from flax import nnx


class LSTMCell(nnx.Module):
    """torch.nn.LSTMCell: `h, c = cell(x, (h, c))`; gates i, f, g, o."""

    def __init__(self, input_size, hidden_size, bias=True, *, rngs):
        self.hidden_size = hidden_size
        self.ih = nnx.Linear(input_size, 4 * hidden_size, use_bias=bias, rngs=rngs)
        self.hh = nnx.Linear(hidden_size, 4 * hidden_size, use_bias=bias, rngs=rngs)

    def __call__(self, input, hx=None):
        if hx is None:
            zeros = jnp.zeros(input.shape[:-1] + (self.hidden_size,), input.dtype)
            hx = (zeros, zeros)
        h, c = hx
        i, f, g, o = jnp.split(self.ih(input) + self.hh(h), 4, axis=-1)
        c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
        return jax.nn.sigmoid(o) * jnp.tanh(c), c


class GRUCell(nnx.Module):
    """torch.nn.GRUCell: `h = cell(x, h)`; gates r, z, n with n = tanh(x_n + r * (W_hn h + b_hn))."""

    def __init__(self, input_size, hidden_size, bias=True, *, rngs):
        self.hidden_size = hidden_size
        self.ih = nnx.Linear(input_size, 3 * hidden_size, use_bias=bias, rngs=rngs)
        self.hh = nnx.Linear(hidden_size, 3 * hidden_size, use_bias=bias, rngs=rngs)

    def __call__(self, input, hx=None):
        if hx is None:
            hx = jnp.zeros(input.shape[:-1] + (self.hidden_size,), input.dtype)
        x_r, x_z, x_n = jnp.split(self.ih(input), 3, axis=-1)
        h_r, h_z, h_n = jnp.split(self.hh(hx), 3, axis=-1)
        r = jax.nn.sigmoid(x_r + h_r)
        z = jax.nn.sigmoid(x_z + h_z)
        n = jnp.tanh(x_n + r * h_n)
        return (1 - z) * n + z * hx


class RNNCell(nnx.Module):
    """torch.nn.RNNCell: `h = cell(x, h)`; h' = nonlinearity(W_ih x + b_ih + W_hh h + b_hh)."""

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", *, rngs):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'")
        self.hidden_size = hidden_size
        self.nonlinearity = nonlinearity
        self.ih = nnx.Linear(input_size, hidden_size, use_bias=bias, rngs=rngs)
        self.hh = nnx.Linear(hidden_size, hidden_size, use_bias=bias, rngs=rngs)

    def __call__(self, input, hx=None):
        if hx is None:
            hx = jnp.zeros(input.shape[:-1] + (self.hidden_size,), input.dtype)
        h = self.ih(input) + self.hh(hx)
        return jnp.tanh(h) if self.nonlinearity == "tanh" else jax.nn.relu(h)


def scan_cell(cell, xs, carry, reverse=False):
    """Run `carry = cell(x, carry)` along axis 0 of `xs`; returns the hidden states and the last carry."""
    def step(carry, x):
        carry = cell(x, carry)
        return carry, carry[0] if isinstance(carry, tuple) else carry

    carry, ys = jax.lax.scan(step, carry, xs, reverse=reverse)
    return ys, carry


class RNNBase(nnx.Module):
    """Stacked, optionally bidirectional recurrence with torch.nn.RNNBase's interface: input
    (L, N, H_in) ((N, L, H_in) if batch_first, or unbatched (L, H_in)), states (layers * directions,
    N, H). `cells[layer * directions + direction]` holds PyTorch's weight_ih_l{layer}{_reverse}."""

    cell_class = None   # set by LSTM, GRU, RNN
    lstm = False        # states are (h, c) pairs

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, *, rngs, **cell_kw):
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.batch_first = batch_first
        self.num_directions = 2 if bidirectional else 1
        self.cells = nnx.List([
            self.cell_class(input_size if layer == 0 else hidden_size * self.num_directions, hidden_size,
                            bias, rngs=rngs, **cell_kw)
            for layer in range(num_layers) for _ in range(self.num_directions)])
        self.dropout = nnx.Dropout(dropout, rngs=rngs)   # on the outputs of all layers but the last

    def __call__(self, input, hx=None):
        lstm = self.lstm
        batched = input.ndim == 3
        x = (jnp.swapaxes(input, 0, 1) if self.batch_first else input) if batched else input[:, None]
        if hx is None:
            zeros = jnp.zeros((len(self.cells), x.shape[1], self.hidden_size), x.dtype)
            hx = (zeros, zeros) if lstm else zeros
        elif not batched:
            hx = jax.tree.map(lambda h: h[:, None], hx)
        finals = []
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(self.num_directions):
                k = layer * self.num_directions + direction
                carry = (hx[0][k], hx[1][k]) if lstm else hx[k]
                ys, carry = scan_cell(self.cells[k], x, carry, reverse=direction == 1)
                outputs.append(ys)
                finals.append(carry)
            x = jnp.concatenate(outputs, axis=-1)
            if layer < self.num_layers - 1:
                x = self.dropout(x)
        h_n = jnp.stack([f[0] for f in finals] if lstm else finals)
        c_n = jnp.stack([f[1] for f in finals]) if lstm else None
        if not batched:
            x, h_n, c_n = x[:, 0], h_n[:, 0], None if c_n is None else c_n[:, 0]
        elif self.batch_first:
            x = jnp.swapaxes(x, 0, 1)
        return (x, (h_n, c_n)) if lstm else (x, h_n)


class LSTM(RNNBase):
    """torch.nn.LSTM: `output, (h_n, c_n) = lstm(x, (h_0, c_0))`."""
    cell_class = LSTMCell
    lstm = True


class GRU(RNNBase):
    """torch.nn.GRU: `output, h_n = gru(x, h_0)`."""
    cell_class = GRUCell


class RNN(RNNBase):
    """torch.nn.RNN (nonlinearity 'tanh' or 'relu'): `output, h_n = rnn(x, h_0)`."""
    cell_class = RNNCell

    def __init__(self, input_size, hidden_size, num_layers=1, nonlinearity="tanh", bias=True,
                 batch_first=False, dropout=0.0, bidirectional=False, *, rngs):
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
                         rngs=rngs, nonlinearity=nonlinearity)
