"""torch functions: attention."""
from nnport.frameworks.torch.functions._registry import fn

# A builtin without an inspectable signature; this is the documented one.
fn("torch.nn.functional.scaled_dot_product_attention", "scaled_dot_product_attention",
   "query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None, enable_gqa=False")
