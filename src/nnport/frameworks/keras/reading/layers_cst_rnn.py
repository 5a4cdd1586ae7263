"""Readers (CST route): recurrent and attention layers -> pivot ops, with the call-site facts."""
from __future__ import annotations

from nnport.frameworks.keras.reading.layers_cst import KW, common, input_shape, take
from nnport.frameworks.keras.reading.source_registry import layer
from nnport.frameworks.keras.sizes import agreed
from nnport.frameworks.spec import Unsupported


def _sub_shape(ctx, suffix: str):
    site = (ctx.sites or {}).get(id(ctx.node))
    if site is None:
        return None
    return agreed((ctx.source_facts or {}).get("sizes", {}).get((site[0], site[1] + suffix)))


def mha(c, ctx):
    """MultiHeadAttention(num_heads, key_dim) -> the pivot's (PyTorch's) multi-head attention: one
    embed_dim E (the query's size) split in heads, so num_heads * key_dim must be E, the values as
    the keys, the output back to E."""
    common(c, ctx)
    for name, neutral in (("value_dim", None), ("output_shape", None), ("attention_axes", None),
                          ("sliding_window", None), ("flash_attention", None), ("use_gate", False)):
        if take(c, name, neutral) != neutral:
            raise Unsupported(f"MultiHeadAttention({name}=...) is not translated")
    c.args.pop("key_dim", None)
    q = input_shape(ctx)
    heads = _sub_shape(ctx, "._output_dense")   # (batch, seq, heads, key_dim)
    if q is None or heads is None:
        raise Unsupported("MultiHeadAttention: sizes unknown (no recorded run)")
    if heads[-2] * heads[-1] != q[-1]:
        raise Unsupported(f"MultiHeadAttention: num_heads * key_dim = {heads[-2] * heads[-1]} differs "
                          f"from the query size {q[-1]} (PyTorch's attention splits the query size)")
    c.set("embed_dim", str(q[-1]))
    for suffix, name in (("._key_dense", "kdim"), ("._value_dense", "vdim")):
        s = _sub_shape(ctx, suffix)
        if s is not None and s[-1] != q[-1]:
            c.set(name, str(s[-1]))
    c.set("batch_first", "True")
    c.extra["mha"] = True
    return c


layer("keras.layers.MultiHeadAttention", "multihead_attention",
      "num_heads, key_dim, value_dim=None, dropout=0.0, use_bias=True, output_shape=None, attention_axes=None, "
      "sliding_window=None, flash_attention=None, kernel_initializer='glorot_uniform', bias_initializer='zeros', "
      "kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, "
      "bias_constraint=None, use_gate=False, seed=None, **kwargs",
      rename={"use_bias": "bias"}, ignore=KW, read=mha)


def rnn(kind: str):
    """LSTM / GRU (one layer, one direction) -> the pivot's recurrent layer, batch first; what the
    call returns (return_sequences, return_state) is mapped at the call site."""
    def read(c, ctx):
        common(c, ctx)
        act = c.extra.pop("activation", "tanh")
        if act != "tanh" or take(c, "recurrent_activation", "sigmoid") != "sigmoid":
            raise Unsupported(f"{kind} with activations other than tanh/sigmoid")
        for name in ("go_backwards", "stateful"):
            if take(c, name, False):
                raise Unsupported(f"{kind}({name}=True) is not translated")
        if kind == "GRU" and not take(c, "reset_after", True):
            raise Unsupported("GRU(reset_after=False): PyTorch's GRU applies the reset gate after the "
                              "recurrent product (reset_after=True)")
        for name in ("dropout", "recurrent_dropout"):
            if take(c, name, 0.0):
                ctx.note(f"{kind}({name}=...): no per-step dropout in PyTorch's {kind} (training only)",
                         c.extra["api"], "warning")
        for name in ("unroll", "use_cudnn", "unit_forget_bias"):
            take(c, name)
        c.extra["rnn"] = (kind, bool(take(c, "return_sequences", False)), bool(take(c, "return_state", False)))
        shape = input_shape(ctx)
        if shape is None:
            raise Unsupported(f"{kind}: input size unknown (no recorded run)")
        c.set("input_size", str(shape[-1]))
        c.set("batch_first", "True")
        return c
    return read


_RNN = ("units, activation='tanh', recurrent_activation='sigmoid', use_bias=True, "
        "kernel_initializer='glorot_uniform', recurrent_initializer='orthogonal', bias_initializer='zeros', "
        "{extra}kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None, "
        "activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, "
        "dropout=0.0, recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False, "
        "go_backwards=False, stateful=False, unroll=False, {tail}use_cudnn='auto', **kwargs")
layer("keras.layers.LSTM", "lstm", _RNN.format(extra="unit_forget_bias=True, ", tail=""),
      rename={"units": "hidden_size", "use_bias": "bias"}, ignore=KW, read=rnn("LSTM"))
layer("keras.layers.GRU", "gru", _RNN.format(extra="", tail="reset_after=True, "),
      rename={"units": "hidden_size", "use_bias": "bias"}, ignore=KW, read=rnn("GRU"))
