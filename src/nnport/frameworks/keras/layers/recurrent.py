"""keras layers: recurrent. PyTorch's RNN/LSTM/GRU (and cells) as helper classes from
support/recurrent.py built on layers.LSTM / GRU / SimpleRNN (and their cells), with weight-transfer
hooks: PyTorch's stacked (gates * H, in) matrices transposed to Keras's kernels, GRU's gates
reordered (PyTorch r, z, n; Keras z, r, h) with its two biases as Keras's (2, 3H) bias
(reset_after=True is PyTorch's GRU), LSTM's and RNN's two biases summed into one."""
from __future__ import annotations

import numpy as np

from nnport.frameworks.keras.layers._registry import layer, pass_training
from nnport.frameworks.keras.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code
from nnport.translate.emit import call

_SIG = ("self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,"
        " bidirectional=False, nonlinearity='tanh', **kwargs")
_CELL_SIG = "self, input_size, hidden_size, bias=True, nonlinearity='tanh', **kwargs"


def _nonlinearity(c):
    v = c.lit("nonlinearity")
    if v is not NOT_LITERAL and v not in ("tanh", "relu"):
        raise Unsupported(f"nonlinearity={v!r} (PyTorch accepts 'tanh' or 'relu')")
    return c.get("nonlinearity")


def _emit_stack(name: str):
    def emit(c, ctx):
        if c.get("proj_size") is not None and c.lit("proj_size") != 0:
            raise Unsupported(f"LSTM proj_size={code(c.get('proj_size'))} (projected LSTM) is not translated")
        kw = dict(num_layers="{num_layers}", bias="{bias}", batch_first="{batch_first}",
                  dropout="{dropout}", bidirectional="{bidirectional}")
        if name == "RNN":
            kw["nonlinearity"] = lambda c, ctx: _nonlinearity(c)
        return call(helper(ctx, "recurrent", name, "RNNBase"), "{input_size}", "{hidden_size}", sig=_SIG, **kw)(c, ctx)
    return emit


def _emit_cell(name: str):
    def emit(c, ctx):
        kw = {"bias": "{bias}"}
        if name == "RNNCell":
            kw["nonlinearity"] = lambda c, ctx: _nonlinearity(c)
        return call(helper(ctx, "recurrent", name, "CellBase"), "{input_size}", "{hidden_size}", sig=_CELL_SIG,
                    **kw)(c, ctx)
    return emit


def _gates(value: np.ndarray, kind: str) -> np.ndarray:
    """PyTorch's stacked gate blocks (axis 0) in Keras's order."""
    if kind != "gru":
        return value
    r, z, n = np.split(value, 3, axis=0)
    return np.concatenate([z, r, n], axis=0)


def _transfer_cell(canon, cell, rt, suffix: str, prefix: str, used: set, kind: str) -> dict[str, str]:
    from nnport.errors import WeightTransferError
    written = {}

    def take(name):
        if name not in canon:
            raise WeightTransferError(f"{prefix}: no source weight {name!r}")
        used.add(name)
        return canon[name]

    def put(dname, value, src):
        try:
            rt.set_array(cell, dname, value)
        except ValueError as e:
            raise WeightTransferError(f"{src} -> {prefix}{dname}: {e}") from None
        written[f"{prefix}{dname}"] = src

    w_ih, _, src_ih = take(f"weight_ih{suffix}")
    w_hh, _, src_hh = take(f"weight_hh{suffix}")
    put("kernel", _gates(w_ih, kind).T, src_ih)
    put("recurrent_kernel", _gates(w_hh, kind).T, src_hh)
    if rt.get_array(cell, "bias") is not None:
        b_ih, _, src_b = take(f"bias_ih{suffix}")
        b_hh, _, _ = take(f"bias_hh{suffix}")
        b_ih, b_hh = _gates(b_ih, kind), _gates(b_hh, kind)
        put("bias", np.stack([b_ih, b_hh]) if kind == "gru" else b_ih + b_hh, src_b)
    return written


def _check_used(canon, used, mod):
    from nnport.errors import WeightTransferError
    unused = sorted(set(canon) - used)
    if unused:
        raise WeightTransferError(f"source weights {unused} have no place in {type(mod).__qualname__}")


def transfer_stack(canon, mod, rt) -> dict[str, str]:
    used: set = set()
    written = {}
    dirs = mod.num_directions
    for k, layer_ in enumerate(mod.cells):
        suffix = f"_l{k // dirs}" + ("_reverse" if k % dirs else "")
        written.update(_transfer_cell(canon, layer_.cell, rt, suffix, f"cells.{k}.cell.", used, mod.kind))
    _check_used(canon, used, mod)
    return written


def transfer_cell(canon, mod, rt) -> dict[str, str]:
    used: set = set()
    written = _transfer_cell(canon, mod.cell, rt, "", "cell.", used, mod.kind)
    _check_used(canon, used, mod)
    return written


for _name, _op, _cell in (("LSTM", "lstm", "LSTMCell"), ("GRU", "gru", "GRUCell"), ("RNN", "rnn", "RNNCell")):
    layer(_name, _op, _SIG, _emit_stack(_name), transfer=transfer_stack, call=pass_training,
          notes="helper class from support/recurrent.py")
    layer(_cell, f"{_op}_cell", _CELL_SIG, _emit_cell(_cell), transfer=transfer_cell, call=pass_training,
          notes="helper class from support/recurrent.py")
