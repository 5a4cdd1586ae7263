"""Readers: nnx.RNN(nnx.LSTMCell(...) / nnx.GRUCell(...)) -> the pivot's lstm / gru (PyTorch's
nn.LSTM / nn.GRU with batch_first=True), and the cells themselves (lstm_cell / gru_cell).

nnx.RNN scans the cell over axis 1 (time_major=False) from a zero carry and returns the outputs
(return_carry=False): PyTorch's `lstm(x)[0]` (the call site takes the output). The gates are
PyTorch's: LSTM i, f, g, o (Flax's ii/if_/ig/io and hi/hf/hg/ho Linears, the bias on the hidden
ones; OptimizedLSTMCell's fused dense_i / dense_h split in that order too); GRU r, z, n (dense_i with the bias, dense_h without: PyTorch's b_hn is 0). The weights are
concatenated by source_transfer.py. A cell called by hand (`cell(carry, x)`) is not translated.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.flax.reading.registry import drop, layer, take
from nnport.frameworks.spec import Unsupported, W, code

_CELL = ("in_features, hidden_features, *, gate_fn=None, activation_fn=None, kernel_init=None, "
         "recurrent_kernel_init=None, bias_init=None, dtype=None, param_dtype=None, carry_init=None, "
         "promote_dtype=None, keep_rngs=False, rngs, kernel_metadata=None, recurrent_kernel_metadata=None, "
         "bias_metadata=None")
_RNN = ("cell, *, time_major=False, return_carry=False, reverse=False, keep_order=False, unroll=1, "
        "state_axes=None, broadcast_rngs=None, rngs=True")
_KINDS = {"LSTMCell": ("lstm", "LSTM"), "OptimizedLSTMCell": ("lstm", "LSTM"), "GRUCell": ("gru", "GRU")}


def cell(c, ctx):
    for name in ("gate_fn", "activation_fn", "carry_init"):
        if c.given(name) and c.lit(name) is not None:
            raise Unsupported(f"{c.extra['api']}({name}=...): only the default gates are translated")
        drop(c, name)
    drop(c, "dtype")
    return c


def _cell_sizes(node: cst.BaseExpression) -> tuple[str, cst.BaseExpression, cst.BaseExpression]:
    """(LSTMCell / GRUCell, input size, hidden size) of the cell given to nnx.RNN (as written, or as
    the target's nn.LSTMCell(input_size, hidden_size) once translated)."""
    if not isinstance(node, cst.Call):
        raise Unsupported("nnx.RNN(cell): the cell must be constructed in the call (nnx.LSTMCell(...))")
    kind = code(node.func).rsplit(".", 1)[-1]
    if kind not in _KINDS:
        raise Unsupported(f"nnx.RNN({kind}): only LSTMCell, OptimizedLSTMCell and GRUCell are translated")
    pos = [a.value for a in node.args if a.keyword is None and not a.star]
    kw = {a.keyword.value: a.value for a in node.args if a.keyword is not None}
    size = pos[0] if pos else kw.get("in_features", kw.get("input_size"))
    hidden = pos[1] if len(pos) > 1 else kw.get("hidden_features", kw.get("hidden_size"))
    if size is None or hidden is None:
        raise Unsupported("nnx.RNN(cell): the cell's in_features and hidden_features must be given")
    return kind, size, hidden


def rnn(c, ctx):
    kind, size, hidden = _cell_sizes(c.args.pop("cell"))
    for name in ("return_carry", "reverse", "keep_order"):
        v = take(c, name, False)
        if v is not False:
            raise Unsupported(f"nnx.RNN({name}={v!r}) is not translated")
    time_major = take(c, "time_major", False)
    drop(c, "unroll", "state_axes", "broadcast_rngs", "rngs")
    op, name = _KINDS[kind]
    c.op = op
    c.args.update(input_size=size, hidden_size=hidden)
    if not time_major:
        c.set("batch_first", "True")
    c.extra["rnn"] = (name, True, False)   # the outputs only (keras/call_sites.recurrent)
    return c


_CELL_W = {name: W(name, "out,in" if name.startswith("weight") else "out")
           for name in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")}

layer("LSTMCell", "lstm_cell", _CELL, rename={"in_features": "input_size", "hidden_features": "hidden_size"},
      read=cell)
layer("OptimizedLSTMCell", "lstm_cell", _CELL, rename={"in_features": "input_size", "hidden_features": "hidden_size"},
      read=cell)
layer("GRUCell", "gru_cell", _CELL, rename={"in_features": "input_size", "hidden_features": "hidden_size"},
      read=cell)
layer("RNN", "lstm", _RNN, read=rnn, weights=_CELL_W,
      notes="the cell's Linears concatenated in PyTorch's gate order by source_transfer.py")
