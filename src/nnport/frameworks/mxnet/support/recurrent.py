"""PyTorch's calls of recurrent layers and cells on Gluon's own (rnn.LSTM / GRU / RNN and their cells).

Gluon's layers take batched input only and return just the output when called without states;
PyTorch's return (output, h_n) or (output, (h_n, c_n)), start from zero states when none are given and
also take unbatched input ((L, H_in) for a layer, (H_in,) for a cell). These functions run inside
hybrid_forward (they take `F`) and hybridize: the batch axis is added and removed by reshapes that work
for either rank, and zero states are made from the input (no shapes are read).
"""
import mxnet as mx


def without_bias(block):
    """PyTorch's bias=False on a Gluon recurrent layer or cell, which always has biases: they stay at
    their zero initial value and are not trained."""
    for name, param in block.collect_params().items():
        if name.endswith("bias"):
            param.grad_req = "null"
            param.initializer = mx.init.Zero()
    return block


def _as_list(states):
    return list(states) if isinstance(states, (list, tuple)) else [states]


def run_recurrent(F, layer, x, states=None):
    """`layer(x, states)` with PyTorch's conventions: (output, h_n) or (output, [h_n, c_n])."""
    ntc = layer._layout == "NTC"
    c_in = layer.l0_i2h_weight.shape[1]
    ld, _, hidden = layer.state_info(0)[0]["shape"]
    # zeros of a state's shape as PyTorch has it: (layers * directions, N, H), or (.., H) unbatched;
    # zeros_like before swapaxes: MXNet 1.9.1's backward through swapaxes into zeros_like segfaults
    if ntc:   # (N, T, C) or (T, C) -> (N, T, C)
        x3 = F.reshape(x, shape=(-1, 0, c_in), reverse=True)
        zero = F.zeros_like(F.slice_axis(F.slice_axis(x, axis=-2, begin=0, end=1), axis=-1, begin=0, end=1))
        one = F.swapaxes(zero, 0, -2)
    else:     # (T, N, C) or (T, C) -> (T, N, C)
        x3 = F.reshape(x, shape=(0, -1, c_in))
        one = F.zeros_like(F.slice_axis(F.slice_axis(x, axis=0, begin=0, end=1), axis=-1, begin=0, end=1))
    like = F.broadcast_axis(F.dot(one, F.ones((1, hidden))), axis=0, size=ld)
    states = [like] * len(layer.state_info(0)) if states is None else _as_list(states)
    out, new = layer(x3, [F.reshape(s, shape=(0, -1, hidden)) for s in states])
    out = F.reshape_like(out, x, lhs_begin=0, lhs_end=2, rhs_begin=0, rhs_end=-1)
    new = [F.reshape_like(s, like) for s in new]
    return out, (new if len(new) > 1 else new[0])


def run_recurrent_cell(F, cell, x, states=None):
    """`cell(x, states)` with PyTorch's conventions: h' (GRUCell, RNNCell) or [h', c'] (LSTMCell)."""
    c_in, hidden = cell.i2h_weight.shape[1], cell.h2h_weight.shape[1]
    like = F.dot(F.zeros_like(F.slice_axis(x, axis=-1, begin=0, end=1)), F.ones((1, hidden)))   # (N, H) or (H,)
    states = [like] * len(cell.state_info()) if states is None else _as_list(states)
    _, new = cell(F.reshape(x, shape=(-1, c_in)), [F.reshape(s, shape=(-1, hidden)) for s in states])
    new = [F.reshape_like(s, like) for s in new]
    return new if len(new) > 1 else new[0]
