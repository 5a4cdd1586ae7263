"""Gluon -> PyTorch: a block's call site in `forward()`, from the facts its reader left in
`canon.extra`: Dense flattens an input of rank > 2 first (flatten=True, Gluon's default), a block's
`activation=` is applied after it, a recurrent block called on its input alone returns the output
only (PyTorch's returns (output, state)), called with states [h] / [h, c] it returns (output, states)
as Gluon does (the gluon_lstm_states / gluon_rnn_states helpers); a Sequential's elements get the
same (sequential_elements).
Written through the target's tables."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.call_sites import reread
from nnport.frameworks.keras.reading.source_registry import written
from nnport.frameworks.spec import Canon, Unsupported


def wrap(t, canon, call: cst.Call) -> cst.BaseExpression:
    from nnport.frameworks.mxnet.reading.support_calls import TORCH_CALL
    extra = canon.extra
    if any(a.keyword is not None and a.keyword.value == TORCH_CALL for a in call.args):   # run_recurrent(...)
        args = [a for a in call.args if not (a.keyword is not None and a.keyword.value == TORCH_CALL)]
        if args:
            args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return call.with_changes(args=args)
    if extra.get("rnn"):
        if any(a.keyword is not None or a.star for a in call.args) or len(call.args) > 2:
            raise Unsupported(f"{extra['rnn']} called with keywords or *args: not translated")
        if len(call.args) == 2:   # with states: (output, [states]) as Gluon returns them
            if t.dst.name != "torch":
                raise Unsupported(f"{extra['rnn']} called with states: translated for PyTorch only")
            name = "gluon_lstm_states" if extra["rnn"] == "LSTM" else "gluon_rnn_states"
            t.ctx.need_helper(name, LSTM_STATES if extra["rnn"] == "LSTM" else RNN_STATES)
            return cst.Call(cst.Name(name), [cst.Arg(call.func), *[a.with_changes(comma=cst.MaybeSentinel.DEFAULT)
                                                                  for a in call.args]])
        return cst.Subscript(call, [cst.SubscriptElement(cst.Index(cst.Integer("0")))])
    if extra.get("flatten"):
        x = call.args[0]
        call = call.with_changes(args=[x.with_changes(value=written(t.ctx, "flatten", input=x.value,
                                                                     start_dim="1", end_dim="-1")), *call.args[1:]])
    out: cst.BaseExpression = call
    if extra.get("activation"):
        out = written(t.ctx, extra["activation"], input=out)
    return out


LSTM_STATES = '''def gluon_lstm_states(lstm, x, states):
    """An LSTM called with its states as Gluon calls it: states [h, c] in, (output, [h, c]) out."""
    out, (h, c) = lstm(x, (states[0], states[1]))
    return out, [h, c]
'''
RNN_STATES = '''def gluon_rnn_states(rnn, x, states):
    """A GRU or RNN called with its state as Gluon calls it: states [h] in, (output, [h]) out."""
    out, h = rnn(x, states[0])
    return out, [h]
'''


def site(t, attr, call: cst.Call) -> cst.BaseExpression:
    if attr.kind == "layer":
        return wrap(t, reread(t, attr.entry, attr.call), call)
    return call


def sequential_elements(t, original: cst.Call, args: list[cst.Arg]) -> list[cst.Arg]:
    """nn.HybridSequential(a, b): a Dense that flattens gets nn.Flatten() before it, a block's
    activation= becomes the element after it."""
    from nnport.frameworks.mxnet.prepare import newline
    from nnport.translate import reading
    lines = isinstance(original.whitespace_before_args, cst.ParenthesizedWhitespace)   # one a line
    out = []
    for el, arg in zip(original.args, args):
        entry = _entry(t, el.value)
        c = reread(t, entry, el.value) if entry is not None else Canon("")
        if c.extra.get("rnn"):
            raise Unsupported("a recurrent block in a Sequential: PyTorch's returns (output, state)")
        group = [cst.Arg(_layer(t, reading, "flatten", {}))] if c.extra.get("flatten") else []
        group.append(arg)
        if c.extra.get("activation"):
            group.append(cst.Arg(_layer(t, reading, c.extra["activation"], {})))
        group = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in group]
        if lines:   # a Gluon element and what it became on one line
            group[-1] = group[-1].with_changes(comma=cst.Comma(whitespace_after=newline()))
        out.extend(group)
    if out:
        out[-1] = out[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return out


def _layer(t, reading, op, kw):
    c = Canon(op, {k: cst.parse_expression(v) for k, v in kw.items()})
    return reading.write(reading.target_entry(t.dst.layers, op, op, c), c, t.ctx)


def _entry(t, node):
    if not isinstance(node, cst.Call):
        return None
    return next((t.src.layers.get(n) for n in sorted(t.qnames(node.func)) if t.src.layers.get(n)), None)


def construction(t, canon, out):
    """nn.BatchNormNd -> the GluonBatchNormNd helper: Gluon's running variance follows the biased
    batch variance, with running = momentum * running + (1 - momentum) * batch, as Keras' does (the
    helper of keras/reading/helpers.py under Gluon's name). (nn.GroupNorm, gamma and beta per group:
    its reading's `per_group` flag, which the PyTorch writer writes as GluonGroupNorm, HELPER_PREFIX.)"""
    from nnport.frameworks.keras.call_sites import construction as keras_construction
    if canon.extra.get("torch_stats"):   # support/norm.py's BatchNorm: PyTorch's statistics already
        return out
    return keras_construction(t, canon, out, prefix="Gluon")
