"""Pivot ops -> Gluon functions: F.scaled_dot_product_attention -> support/attention.py's function
(Gluon has none): softmax(q k^T * scale + mask) v by F.batch_dot on the query's leading axes merged,
a boolean mask True where attention is allowed, the causal mask aligned top left like PyTorch's;
enable_gqa repeats the key/value heads by a 0/1 matrix (the head counts are not read)."""
from __future__ import annotations

from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.mxnet.support import helper
from nnport.translate.emit import call

_SIG = "F, query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None, enable_gqa=False"


def _emit_sdpa(c, ctx):
    name = helper(ctx, "attention", "scaled_dot_product_attention", "attention_bias", "causal_bias", "repeat_heads")
    return call(name, "F", "{query}", "{key}", "{value}", attn_mask="{attn_mask}", dropout_p="{dropout_p}",
                is_causal="{is_causal}", scale="{scale}", enable_gqa="{enable_gqa}", sig=_SIG)(c, ctx)


fn("scaled_dot_product_attention", "scaled_dot_product_attention", _emit_sdpa, _SIG)
