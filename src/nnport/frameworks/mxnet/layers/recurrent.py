"""Pivot ops -> Gluon layers: recurrent. nn.LSTM / GRU / RNN -> rnn.LSTM / GRU / RNN (layout 'NTC' for
batch_first, input_size given so that no shape is deferred), cells -> rnn.LSTMCell / GRUCell / RNNCell.
Gluon's parameters have PyTorch's shapes and gate orders (measured: LSTM i, f, g, o; GRU r, z, n; two
biases), so weights copy as they are, by name: l{k}_i2h_weight <- weight_ih_l{k}, r{k}_* <- *_reverse.
Call sites go through support/recurrent.py (`run_recurrent(F, layer, x, states)`): Gluon returns only the
output when no states are given and takes batched input only. bias=False: Gluon's layers always have
biases; `without_bias` keeps them at zero, untrained (the transfer writes zeros)."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.mxnet.layers._registry import layer
from nnport.frameworks.mxnet.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, W, code
from nnport.translate.emit import call, expr

_STACK_SIG = ("self, hidden_size, num_layers=1, layout='TNC', dropout=0, bidirectional=False, input_size=0, "
              "i2h_weight_initializer=None, h2h_weight_initializer=None, i2h_bias_initializer='zeros', "
              "h2h_bias_initializer='zeros', {}dtype='float32', **kwargs")
SIGS = {"LSTM": _STACK_SIG.format("projection_size=None, h2r_weight_initializer=None, state_clip_min=None, "
                                  "state_clip_max=None, state_clip_nan=False, "),
        "GRU": _STACK_SIG.format(""),
        "RNN": ("self, hidden_size, num_layers=1, activation='relu', layout='TNC', dropout=0, bidirectional=False, "
                "i2h_weight_initializer=None, h2h_weight_initializer=None, i2h_bias_initializer='zeros', "
                "h2h_bias_initializer='zeros', input_size=0, dtype='float32', **kwargs")}
_CELL_SIG = ("self, hidden_size, {}i2h_weight_initializer=None, h2h_weight_initializer=None, "
             "i2h_bias_initializer='zeros', h2h_bias_initializer='zeros', input_size=0, prefix=None, params=None{}")
CELL_SIGS = {"LSTMCell": _CELL_SIG.format("", ", activation='tanh', recurrent_activation='sigmoid'"),
             "GRUCell": _CELL_SIG.format("", ""), "RNNCell": _CELL_SIG.format("activation='tanh', ", "")}

MAX_LAYERS = 16
STACK_WEIGHTS = {f"{d}{k}_{g}_{t}": W(f"{t}_{'ih' if g == 'i2h' else 'hh'}_l{k}{'_reverse' if d == 'r' else ''}",
                                      "out,in" if t == "weight" else "out")
                 for k in range(MAX_LAYERS) for d in "lr" for g in ("i2h", "h2h") for t in ("weight", "bias")}
CELL_WEIGHTS = {f"{g}_{t}": W(f"{t}_{'ih' if g == 'i2h' else 'hh'}", "out,in" if t == "weight" else "out")
                for g in ("i2h", "h2h") for t in ("weight", "bias")}


def _activation(c):
    v = c.lit("nonlinearity")
    if v is NOT_LITERAL or v not in ("tanh", "relu"):
        raise Unsupported(f"nonlinearity={code(c.get('nonlinearity'))}: 'tanh' or 'relu' (as a literal)")
    return repr(v)


def _flag(c, name: str) -> bool:
    v = c.lit(name)
    if v not in (True, False):
        raise Unsupported(f"{name}={code(c.get(name))}: a literal True or False is needed")
    return v


def _no_bias(c, ctx, block):
    if _flag(c, "bias"):
        return block
    return expr("{f}({b})", f=cst.Name(helper(ctx, "recurrent", "without_bias")), b=block)


def _emit_stack(name: str):
    def emit(c, ctx):
        if c.get("proj_size") is not None and c.lit("proj_size") != 0:
            raise Unsupported(f"LSTM proj_size={code(c.get('proj_size'))} (projected LSTM) is not translated")
        if c.lit("num_layers") is not NOT_LITERAL and c.lit("num_layers") > MAX_LAYERS:
            raise Unsupported(f"more than {MAX_LAYERS} recurrent layers")
        kw = dict(num_layers="{num_layers}", dropout="{dropout}", bidirectional="{bidirectional}",
                  input_size="{input_size}")
        if _flag(c, "batch_first"):
            kw["layout"] = "'NTC'"
        if name == "RNN":
            kw["activation"] = _activation(c)
        return _no_bias(c, ctx, call(f"rnn.{name}", "{hidden_size}", sig=SIGS[name], **kw)(c, ctx))
    return emit


def _emit_cell(name: str):
    def emit(c, ctx):
        kw = {"input_size": "{input_size}"}
        if name == "RNNCell":
            kw["activation"] = _activation(c)
        return _no_bias(c, ctx, call(f"rnn.{name}", "{hidden_size}", sig=CELL_SIGS[name], **kw)(c, ctx))
    return emit


def _call_site(fn: str):
    """self.rnn(x, hx) -> run_recurrent(F, self.rnn, x, hx) (keywords input= and hx= too)."""
    def site(canon, node: cst.Call, ctx) -> cst.BaseExpression:
        given = {}
        for i, a in enumerate(node.args):
            if a.star or i > 1:
                raise Unsupported("a recurrent layer called with other arguments than (input, hx)")
            name = a.keyword.value if a.keyword is not None else ("input", "hx")[i]
            if name not in ("input", "hx"):
                raise Unsupported(f"a recurrent layer called with {name}=: only (input, hx)")
            given[name] = a.value
        if "input" not in given:
            raise Unsupported("a recurrent layer called without its input")
        args = [cst.Arg(cst.Name("F")), cst.Arg(node.func), cst.Arg(given["input"])]
        if "hx" in given:
            args.append(cst.Arg(given["hx"]))
        return cst.Call(cst.Name(helper(ctx, "recurrent", fn)), args)
    return site


def transfer_by_name(canon, mod, rt) -> dict[str, str]:
    """Weights by name (the entry's `weights`); a frozen parameter the source lacks (the biases of a
    layer made `without_bias`, LayerNorm's beta with center=False) keeps its initial value."""
    from nnport.errors import WeightTransferError
    from nnport.frameworks.mxnet.layers import LAYERS
    from nnport.weights.transfer import _entry_for
    table = _entry_for(mod, LAYERS, rt).weights
    written, used = {}, set()
    for dname, param in mod._reg_params.items():
        w = table[dname]
        if w.name in canon:
            value, _, src = canon[w.name]
            used.add(w.name)
        elif param.grad_req == "null":
            value, src = rt.get_array(mod, dname), f"(kept: the source has no {w.name})"
        else:
            raise WeightTransferError(f"{dname}: no source weight {w.name!r}")
        try:
            rt.set_array(mod, dname, value)
        except ValueError as e:
            raise WeightTransferError(f"{src} -> {dname}: {e}") from None
        written[dname] = src
    unused = sorted(set(canon) - used)
    if unused:
        raise WeightTransferError(f"source weights {unused} have no place in {type(mod).__qualname__}")
    return written


for _name, _op in (("LSTM", "lstm"), ("GRU", "gru"), ("RNN", "rnn")):
    layer(f"mxnet.gluon.rnn.{_name}", _op, SIGS[_name], _emit_stack(_name), weights=STACK_WEIGHTS,
          transfer=transfer_by_name, call=_call_site("run_recurrent"))
    layer(f"mxnet.gluon.rnn.{_name}Cell", f"{_op}_cell", CELL_SIGS[f"{_name}Cell"], _emit_cell(f"{_name}Cell"),
          weights=CELL_WEIGHTS, transfer=transfer_by_name, call=_call_site("run_recurrent_cell"))
