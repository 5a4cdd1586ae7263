"""flax functions: attention. F.scaled_dot_product_attention is a helper function from
support/attention.py: jax.nn.dot_product_attention wants (B, T, heads, D) arrays with exactly 3 or 4
dimensions and treats fully masked rows differently, PyTorch's works on (..., L, D)."""
from __future__ import annotations

from nnport.frameworks.flax.functions._registry import fn
from nnport.frameworks.flax.support import helper
from nnport.translate.emit import call

_SIG = "query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None, enable_gqa=False, *, rngs=None"


def _rngs(c, ctx):
    """The Rngs object, when attention dropout may be on (dropout_p not a literal 0)."""
    if c.get("dropout_p") is None or c.lit("dropout_p") in (0, 0.0):
        return None
    return ctx.rngs()


def _emit_sdpa(c, ctx):
    name = helper(ctx, "attention", "scaled_dot_product_attention", "attention_bias")
    return call(name, "{query}", "{key}", "{value}", attn_mask="{attn_mask}", dropout_p="{dropout_p}",
                is_causal="{is_causal}", scale="{scale}", enable_gqa="{enable_gqa}", rngs=_rngs,
                sig=_SIG)(c, ctx)


fn("scaled_dot_product_attention", "scaled_dot_product_attention", _emit_sdpa, _SIG)
