"""flax layers: recurrent. PyTorch's RNN/LSTM/GRU (and cells) as helper classes from
support/recurrent.py (nnx's cells differ in their biases: see there), with a weight-transfer hook
that maps PyTorch's stacked gate matrices onto the cells' `ih` / `hh` nnx.Linear layers."""
from __future__ import annotations

from nnport.frameworks.flax.layers._registry import layer
from nnport.frameworks.flax.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code
from nnport.translate.emit import call

_SIG = ("self, input_size, hidden_size, num_layers=1, {}bias=True, batch_first=False, dropout=0.0,"
        " bidirectional=False, *, rngs")
_CELL_SIG = "self, input_size, hidden_size, bias=True, {}*, rngs"
_NONLIN = "nonlinearity='tanh', "


def _nonlinearity(c):
    v = c.lit("nonlinearity")
    if v is not NOT_LITERAL and v not in ("tanh", "relu"):
        raise Unsupported(f"nonlinearity={v!r} (PyTorch accepts 'tanh' or 'relu')")
    return c.get("nonlinearity")


def _emit_stack(name: str, cell: str, sig: str):
    def emit(c, ctx):
        if c.get("proj_size") is not None and c.lit("proj_size") != 0:
            raise Unsupported(f"LSTM proj_size={code(c.get('proj_size'))} (projected LSTM) is not translated")
        cls = helper(ctx, "recurrent", name, cell, "scan_cell", "RNNBase")
        kw = dict(num_layers="{num_layers}", bias="{bias}", batch_first="{batch_first}",
                  dropout="{dropout}", bidirectional="{bidirectional}")
        if name == "RNN":
            kw["nonlinearity"] = lambda c, ctx: _nonlinearity(c)
        return call(cls, "{input_size}", "{hidden_size}", sig=sig, **kw)(c, ctx)
    return emit


def _emit_cell(name: str, sig: str):
    def emit(c, ctx):
        kw = {"bias": "{bias}"}
        if name == "RNNCell":
            kw["nonlinearity"] = lambda c, ctx: _nonlinearity(c)
        return call(helper(ctx, "recurrent", name), "{input_size}", "{hidden_size}", sig=sig, **kw)(c, ctx)
    return emit


def _transfer_cell(canon, cell, rt, suffix: str, prefix: str, used: set) -> dict[str, str]:
    """PyTorch weight_{ih,hh}{suffix} (gates*H, in) -> cell.{ih,hh}.kernel (in, gates*H); biases as is."""
    from nnport.errors import WeightTransferError
    from nnport.weights.layouts import permute
    written = {}
    for part in ("ih", "hh"):
        lin = getattr(cell, part)
        for kind, dname, axes in (("weight", "kernel", "in,out"), ("bias", "bias", "out")):
            name = f"{kind}_{part}{suffix}"
            if rt.get_array(lin, dname) is None:
                continue
            if name not in canon:
                raise WeightTransferError(f"{prefix}{part}.{dname}: no source weight {name!r}")
            value, src_axes, src = canon[name]
            try:
                rt.set_array(lin, dname, permute(value, src_axes, axes))
            except ValueError as e:
                raise WeightTransferError(f"{src} -> {prefix}{part}.{dname}: {e}") from None
            written[f"{prefix}{part}.{dname}"] = src
            used.add(name)
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
    for k, cell in enumerate(mod.cells):
        suffix = f"_l{k // dirs}" + ("_reverse" if k % dirs else "")
        written.update(_transfer_cell(canon, cell, rt, suffix, f"cells.{k}.", used))
    _check_used(canon, used, mod)
    return written


def transfer_cell(canon, mod, rt) -> dict[str, str]:
    used: set = set()
    written = _transfer_cell(canon, mod, rt, "", "", used)
    _check_used(canon, used, mod)
    return written


for _name, _op, _cell, _extra in (("LSTM", "lstm", "LSTMCell", ""), ("GRU", "gru", "GRUCell", ""),
                                  ("RNN", "rnn", "RNNCell", _NONLIN)):
    _sig = _SIG.format(_extra)
    layer(_name, _op, _sig, _emit_stack(_name, _cell, _sig), transfer=transfer_stack,
          notes="helper class from support/recurrent.py")
    _csig = _CELL_SIG.format(_extra)
    layer(_cell, f"{_op}_cell", _csig, _emit_cell(_cell, _csig), transfer=transfer_cell,
          notes="helper class from support/recurrent.py")
