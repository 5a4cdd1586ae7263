"""PyTorch's attention and transformer layers in Flax NNX, with PyTorch's call conventions.

nnx.MultiHeadAttention returns no attention weights and takes masks the other way round
(True = attend); these classes keep PyTorch's interface and submodule names (self_attn, linear1,
norm1, ...), built from nnx.Linear, nnx.LayerNorm and nnx.Dropout. Copied into translated code.
"""
import math

import jax
import jax.numpy as jnp
from flax import nnx


def attention_bias(mask, dtype, allowed):
    """A boolean or additive mask -> an additive bias (-inf where masked). `allowed`: the value of
    a boolean mask that lets a position take part (True for F.scaled_dot_product_attention,
    False for nn.MultiheadAttention's masks)."""
    if mask is None:
        return None
    if mask.dtype == jnp.bool_:
        return jnp.where(mask == allowed, 0.0, -jnp.inf).astype(dtype)
    return mask.astype(dtype)


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False,
                                 scale=None, enable_gqa=False, *, rngs=None):
    """F.scaled_dot_product_attention on (..., L, E) arrays; a boolean attn_mask is True where
    attention is allowed; the causal mask is aligned to the top left like PyTorch's."""
    L, S = query.shape[-2], key.shape[-2]
    if enable_gqa:   # grouped-query attention: each key/value head serves several query heads
        key = jnp.repeat(key, query.shape[-3] // key.shape[-3], axis=-3)
        value = jnp.repeat(value, query.shape[-3] // value.shape[-3], axis=-3)
    scale = 1 / math.sqrt(query.shape[-1]) if scale is None else scale
    scores = query @ jnp.swapaxes(key, -2, -1) * scale
    if is_causal:
        scores = jnp.where(jnp.tril(jnp.ones((L, S), dtype=bool)), scores, -jnp.inf)
    if attn_mask is not None:
        scores = scores + attention_bias(attn_mask, scores.dtype, True)
    weights = jax.nn.softmax(scores, axis=-1)
    if dropout_p > 0:
        keep = jax.random.bernoulli(rngs.dropout(), 1 - dropout_p, weights.shape)
        weights = jnp.where(keep, weights / (1 - dropout_p), 0)
    return weights @ value


class MultiheadAttention(nnx.Module):
    """torch.nn.MultiheadAttention: `out, weights = attn(query, key, value)`, sequence-first unless
    batch_first. q_proj/k_proj/v_proj are PyTorch's in_proj_weight (or q/k/v_proj_weight) split."""

    def __init__(self, embed_dim, num_heads, dropout=0.0, bias=True, kdim=None, vdim=None,
                 batch_first=False, *, rngs):
        if embed_dim % num_heads:
            raise ValueError("embed_dim must be divisible by num_heads")
        self.num_heads = num_heads
        self.batch_first = batch_first
        self.q_proj = nnx.Linear(embed_dim, embed_dim, use_bias=bias, rngs=rngs)
        self.k_proj = nnx.Linear(kdim or embed_dim, embed_dim, use_bias=bias, rngs=rngs)
        self.v_proj = nnx.Linear(vdim or embed_dim, embed_dim, use_bias=bias, rngs=rngs)
        self.out_proj = nnx.Linear(embed_dim, embed_dim, use_bias=bias, rngs=rngs)
        self.dropout = nnx.Dropout(dropout, rngs=rngs)

    def __call__(self, query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
                 average_attn_weights=True, is_causal=False):
        batched = query.ndim == 3
        if not batched:
            query, key, value = query[None], key[None], value[None]
            key_padding_mask = None if key_padding_mask is None else key_padding_mask[None]
        elif not self.batch_first:   # (L, N, E) -> (N, L, E)
            query, key, value = (jnp.swapaxes(a, 0, 1) for a in (query, key, value))
        n, length, embed = query.shape
        heads = self.num_heads

        def split_heads(x):   # (N, T, E) -> (N, heads, T, E / heads)
            return x.reshape(n, x.shape[1], heads, embed // heads).transpose(0, 2, 1, 3)

        q, k, v = split_heads(self.q_proj(query)), split_heads(self.k_proj(key)), split_heads(self.v_proj(value))
        scores = q / math.sqrt(embed // heads) @ jnp.swapaxes(k, -2, -1)
        if attn_mask is None and is_causal:
            attn_mask = ~jnp.tril(jnp.ones((length, k.shape[2]), dtype=bool))
        if attn_mask is not None:   # (L, S) or (N * heads, L, S)
            scores = scores + attention_bias(attn_mask, scores.dtype, False).reshape(
                (-1, heads) + scores.shape[2:] if attn_mask.ndim == 3 else scores.shape[2:])
        if key_padding_mask is not None:   # (N, S), True = ignore that key
            scores = scores + attention_bias(key_padding_mask, scores.dtype, False)[:, None, None, :]
        weights = self.dropout(jax.nn.softmax(scores, axis=-1))
        out = (weights @ v).transpose(0, 2, 1, 3).reshape(n, length, embed)
        out = self.out_proj(out)
        if not batched:
            out, weights = out[0], weights[0]
        elif not self.batch_first:
            out = jnp.swapaxes(out, 0, 1)
        if not need_weights:
            return out, None
        return out, weights.mean(axis=-3) if average_attn_weights else weights


def _activation(name):
    """PyTorch's activation names for transformer layers ('gelu' is the exact, erf form)."""
    return {"relu": jax.nn.relu, "gelu": lambda x: jax.nn.gelu(x, approximate=False)}[name]


class TransformerEncoderLayer(nnx.Module):
    """torch.nn.TransformerEncoderLayer (post-norm unless norm_first), same submodule names."""

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation="relu",
                 layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True, *, rngs):
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                            batch_first=batch_first, rngs=rngs)
        self.linear1 = nnx.Linear(d_model, dim_feedforward, use_bias=bias, rngs=rngs)
        self.dropout = nnx.Dropout(dropout, rngs=rngs)
        self.linear2 = nnx.Linear(dim_feedforward, d_model, use_bias=bias, rngs=rngs)
        self.norm_first = norm_first
        self.norm1 = nnx.LayerNorm(d_model, epsilon=layer_norm_eps, use_bias=bias, use_fast_variance=False,
                                   rngs=rngs)
        self.norm2 = nnx.LayerNorm(d_model, epsilon=layer_norm_eps, use_bias=bias, use_fast_variance=False,
                                   rngs=rngs)
        self.dropout1 = nnx.Dropout(dropout, rngs=rngs)
        self.dropout2 = nnx.Dropout(dropout, rngs=rngs)
        self.activation = activation

    def __call__(self, src, src_mask=None, src_key_padding_mask=None, is_causal=False):
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            return x + self._ff_block(self.norm2(x))
        x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal))
        return self.norm2(x + self._ff_block(x))

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal):
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                           need_weights=False, is_causal=is_causal)[0]
        return self.dropout1(x)

    def _ff_block(self, x):
        x = self.linear2(self.dropout(_activation(self.activation)(self.linear1(x))))
        return self.dropout2(x)


class TransformerDecoderLayer(nnx.Module):
    """torch.nn.TransformerDecoderLayer (post-norm unless norm_first), same submodule names."""

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation="relu",
                 layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True, *, rngs):
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                            batch_first=batch_first, rngs=rngs)
        self.multihead_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                                 batch_first=batch_first, rngs=rngs)
        self.linear1 = nnx.Linear(d_model, dim_feedforward, use_bias=bias, rngs=rngs)
        self.dropout = nnx.Dropout(dropout, rngs=rngs)
        self.linear2 = nnx.Linear(dim_feedforward, d_model, use_bias=bias, rngs=rngs)
        self.norm_first = norm_first
        self.norm1 = nnx.LayerNorm(d_model, epsilon=layer_norm_eps, use_bias=bias, use_fast_variance=False,
                                   rngs=rngs)
        self.norm2 = nnx.LayerNorm(d_model, epsilon=layer_norm_eps, use_bias=bias, use_fast_variance=False,
                                   rngs=rngs)
        self.norm3 = nnx.LayerNorm(d_model, epsilon=layer_norm_eps, use_bias=bias, use_fast_variance=False,
                                   rngs=rngs)
        self.dropout1 = nnx.Dropout(dropout, rngs=rngs)
        self.dropout2 = nnx.Dropout(dropout, rngs=rngs)
        self.dropout3 = nnx.Dropout(dropout, rngs=rngs)
        self.activation = activation

    def __call__(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                 memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False):
        x = tgt
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask, tgt_is_causal)
            x = x + self._mha_block(self.norm2(x), memory, memory_mask, memory_key_padding_mask,
                                    memory_is_causal)
            return x + self._ff_block(self.norm3(x))
        x = self.norm1(x + self._sa_block(x, tgt_mask, tgt_key_padding_mask, tgt_is_causal))
        x = self.norm2(x + self._mha_block(x, memory, memory_mask, memory_key_padding_mask, memory_is_causal))
        return self.norm3(x + self._ff_block(x))

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal):
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                           need_weights=False, is_causal=is_causal)[0]
        return self.dropout1(x)

    def _mha_block(self, x, mem, attn_mask, key_padding_mask, is_causal):
        x = self.multihead_attn(x, mem, mem, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                                need_weights=False, is_causal=is_causal)[0]
        return self.dropout2(x)

    def _ff_block(self, x):
        x = self.linear2(self.dropout(_activation(self.activation)(self.linear1(x))))
        return self.dropout3(x)


class TransformerEncoder(nnx.Module):
    """torch.nn.TransformerEncoder: `num_layers` copies of `encoder_layer`, then `norm`."""

    def __init__(self, encoder_layer, num_layers, norm=None):
        self.layers = nnx.List([nnx.clone(encoder_layer) for _ in range(num_layers)])
        self.norm = norm

    def __call__(self, src, mask=None, src_key_padding_mask=None, is_causal=None):
        x = src
        for layer in self.layers:
            x = layer(x, src_mask=mask, src_key_padding_mask=src_key_padding_mask, is_causal=bool(is_causal))
        return x if self.norm is None else self.norm(x)


class TransformerDecoder(nnx.Module):
    """torch.nn.TransformerDecoder: `num_layers` copies of `decoder_layer`, then `norm`."""

    def __init__(self, decoder_layer, num_layers, norm=None):
        self.layers = nnx.List([nnx.clone(decoder_layer) for _ in range(num_layers)])
        self.norm = norm

    def __call__(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                 memory_key_padding_mask=None, tgt_is_causal=None, memory_is_causal=False):
        x = tgt
        for layer in self.layers:
            x = layer(x, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                      tgt_key_padding_mask=tgt_key_padding_mask,
                      memory_key_padding_mask=memory_key_padding_mask, tgt_is_causal=bool(tgt_is_causal),
                      memory_is_causal=memory_is_causal)
        return x if self.norm is None else self.norm(x)
