"""keras functions: attention. F.scaled_dot_product_attention is a helper function from
support/attention.py: layers.MultiHeadAttention projects its inputs itself, and ops.dot_product_attention
wants (B, T, heads, D) arrays with 4 dimensions; PyTorch's works on (..., L, D), with a boolean mask
that is True where attention is allowed."""
from __future__ import annotations

from nnport.frameworks.keras.functions._registry import fn
from nnport.frameworks.keras.support import helper
from nnport.translate.emit import call

_SIG = "query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None, enable_gqa=False"


def _emit_sdpa(c, ctx):
    name = helper(ctx, "attention", "scaled_dot_product_attention", "attention_bias")
    return call(name, "{query}", "{key}", "{value}", attn_mask="{attn_mask}", dropout_p="{dropout_p}",
                is_causal="{is_causal}", scale="{scale}", enable_gqa="{enable_gqa}", sig=_SIG)(c, ctx)


fn("scaled_dot_product_attention", "scaled_dot_product_attention", _emit_sdpa, _SIG)
