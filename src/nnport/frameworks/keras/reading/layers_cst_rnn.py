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
