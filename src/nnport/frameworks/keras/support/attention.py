"""PyTorch's attention and transformer layers in Keras, with PyTorch's call conventions.

layers.MultiHeadAttention keeps per-head kernels, averages no weights and takes masks the other way
round (True = attend); these classes keep PyTorch's interface and submodule names (self_attn,
linear1, norm1, ...), built from layers.Dense, layers.LayerNormalization and layers.Dropout. Copied
into translated code.
"""
import math

import keras
from keras import layers, ops


def attention_bias(mask, dtype, allowed):
    """A boolean or additive mask -> an additive bias (-inf where masked). `allowed`: the value of
    a boolean mask that lets a position take part (True for F.scaled_dot_product_attention,
    False for nn.MultiheadAttention's masks)."""
    if mask is None:
        return None
    if keras.backend.standardize_dtype(mask.dtype) == "bool":
        return ops.cast(ops.where(mask == allowed, 0.0, -math.inf), dtype)
    return ops.cast(mask, dtype)


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False,
                                 scale=None, enable_gqa=False):
    """F.scaled_dot_product_attention on (..., L, E) arrays; a boolean attn_mask is True where
    attention is allowed; the causal mask is aligned to the top left like PyTorch's."""
    L, S = query.shape[-2], key.shape[-2]
    if enable_gqa:   # grouped-query attention: each key/value head serves several query heads
        key = ops.repeat(key, query.shape[-3] // key.shape[-3], axis=-3)
        value = ops.repeat(value, query.shape[-3] // value.shape[-3], axis=-3)
    scale = 1 / math.sqrt(query.shape[-1]) if scale is None else scale
    scores = ops.matmul(query, ops.swapaxes(key, -2, -1)) * scale
    if is_causal:
        scores = ops.where(ops.tril(ops.ones((L, S), dtype="bool")), scores, -math.inf)
    if attn_mask is not None:
        scores = scores + attention_bias(attn_mask, scores.dtype, True)
    weights = ops.softmax(scores, axis=-1)
    if dropout_p > 0:
        weights = keras.random.dropout(weights, dropout_p)
    return ops.matmul(weights, value)


class MultiheadAttention(layers.Layer):
    """torch.nn.MultiheadAttention: `out, weights = attn(query, key, value)`, sequence-first unless
    batch_first. q_proj/k_proj/v_proj are PyTorch's in_proj_weight (or q/k/v_proj_weight) split."""

    def __init__(self, embed_dim, num_heads, dropout=0.0, bias=True, kdim=None, vdim=None,
                 batch_first=False, **kwargs):
        super().__init__(**kwargs)
        if embed_dim % num_heads:
            raise ValueError("embed_dim must be divisible by num_heads")
        self.num_heads = num_heads
        self.batch_first = batch_first
        self.q_proj = layers.Dense(embed_dim, use_bias=bias)
        self.k_proj = layers.Dense(embed_dim, use_bias=bias)
        self.v_proj = layers.Dense(embed_dim, use_bias=bias)
        self.out_proj = layers.Dense(embed_dim, use_bias=bias)
        self.dropout = layers.Dropout(dropout)

    def call(self, query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
             average_attn_weights=True, is_causal=False, training=None):
        batched = len(query.shape) == 3
        if not batched:
            query, key, value = query[None], key[None], value[None]
            key_padding_mask = None if key_padding_mask is None else key_padding_mask[None]
        elif not self.batch_first:   # (L, N, E) -> (N, L, E)
            query, key, value = (ops.swapaxes(a, 0, 1) for a in (query, key, value))
        n, length, embed = query.shape
        heads = self.num_heads

        def split_heads(x):   # (N, T, E) -> (N, heads, T, E / heads)
            return ops.transpose(ops.reshape(x, (n, x.shape[1], heads, embed // heads)), (0, 2, 1, 3))

        q, k, v = split_heads(self.q_proj(query)), split_heads(self.k_proj(key)), split_heads(self.v_proj(value))
        scores = ops.matmul(q / math.sqrt(embed // heads), ops.swapaxes(k, -2, -1))
        if attn_mask is None and is_causal:
            attn_mask = ops.logical_not(ops.tril(ops.ones((length, k.shape[2]), dtype="bool")))
        if attn_mask is not None:   # (L, S) or (N * heads, L, S)
            scores = scores + ops.reshape(attention_bias(attn_mask, scores.dtype, False),
                                          (-1, heads) + tuple(scores.shape[2:]) if len(attn_mask.shape) == 3
                                          else tuple(scores.shape[2:]))
        if key_padding_mask is not None:   # (N, S), True = ignore that key
            scores = scores + attention_bias(key_padding_mask, scores.dtype, False)[:, None, None, :]
        weights = self.dropout(ops.softmax(scores, axis=-1), training=training)
        out = ops.reshape(ops.transpose(ops.matmul(weights, v), (0, 2, 1, 3)), (n, length, embed))
        out = self.out_proj(out)
        if not batched:
            out, weights = out[0], weights[0]
        elif not self.batch_first:
            out = ops.swapaxes(out, 0, 1)
        if not need_weights:
            return out, None
        return out, ops.mean(weights, axis=-3) if average_attn_weights else weights


def _activation(name):
    """PyTorch's activation names for transformer layers ('gelu' is the exact, erf form)."""
    return {"relu": ops.relu, "gelu": lambda x: ops.gelu(x, approximate=False)}[name]


class TransformerEncoderLayer(layers.Layer):
    """torch.nn.TransformerEncoderLayer (post-norm unless norm_first), same submodule names."""

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation="relu",
                 layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True, **kwargs):
        super().__init__(**kwargs)
        self.init_args = dict(d_model=d_model, nhead=nhead, dim_feedforward=dim_feedforward, dropout=dropout,
                              activation=activation, layer_norm_eps=layer_norm_eps, batch_first=batch_first,
                              norm_first=norm_first, bias=bias)
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                            batch_first=batch_first)
        self.linear1 = layers.Dense(dim_feedforward, use_bias=bias)
        self.dropout = layers.Dropout(dropout)
        self.linear2 = layers.Dense(d_model, use_bias=bias)
        self.norm_first = norm_first
        self.norm1 = layers.LayerNormalization(epsilon=layer_norm_eps, center=bias)
        self.norm2 = layers.LayerNormalization(epsilon=layer_norm_eps, center=bias)
        self.dropout1 = layers.Dropout(dropout)
        self.dropout2 = layers.Dropout(dropout)
        self.activation = activation

    def call(self, src, src_mask=None, src_key_padding_mask=None, is_causal=False, training=None):
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


class TransformerDecoderLayer(layers.Layer):
    """torch.nn.TransformerDecoderLayer (post-norm unless norm_first), same submodule names."""

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation="relu",
                 layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True, **kwargs):
        super().__init__(**kwargs)
        self.init_args = dict(d_model=d_model, nhead=nhead, dim_feedforward=dim_feedforward, dropout=dropout,
                              activation=activation, layer_norm_eps=layer_norm_eps, batch_first=batch_first,
                              norm_first=norm_first, bias=bias)
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                            batch_first=batch_first)
        self.multihead_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                                 batch_first=batch_first)
        self.linear1 = layers.Dense(dim_feedforward, use_bias=bias)
        self.dropout = layers.Dropout(dropout)
        self.linear2 = layers.Dense(d_model, use_bias=bias)
        self.norm_first = norm_first
        self.norm1 = layers.LayerNormalization(epsilon=layer_norm_eps, center=bias)
        self.norm2 = layers.LayerNormalization(epsilon=layer_norm_eps, center=bias)
        self.norm3 = layers.LayerNormalization(epsilon=layer_norm_eps, center=bias)
        self.dropout1 = layers.Dropout(dropout)
        self.dropout2 = layers.Dropout(dropout)
        self.dropout3 = layers.Dropout(dropout)
        self.activation = activation

    def call(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
             memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False, training=None):
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


class TransformerEncoder(layers.Layer):
    """torch.nn.TransformerEncoder: `num_layers` copies of `encoder_layer`, then `norm`."""

    def __init__(self, encoder_layer, num_layers, norm=None, **kwargs):
        super().__init__(**kwargs)
        self.layers = [type(encoder_layer)(**encoder_layer.init_args) for _ in range(num_layers)]
        self.norm = norm

    def call(self, src, mask=None, src_key_padding_mask=None, is_causal=None, training=None):
        x = src
        for layer in self.layers:
            x = layer(x, src_mask=mask, src_key_padding_mask=src_key_padding_mask, is_causal=bool(is_causal))
        return x if self.norm is None else self.norm(x)


class TransformerDecoder(layers.Layer):
    """torch.nn.TransformerDecoder: `num_layers` copies of `decoder_layer`, then `norm`."""

    def __init__(self, decoder_layer, num_layers, norm=None, **kwargs):
        super().__init__(**kwargs)
        self.layers = [type(decoder_layer)(**decoder_layer.init_args) for _ in range(num_layers)]
        self.norm = norm

    def call(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
             memory_key_padding_mask=None, tgt_is_causal=None, memory_is_causal=False, training=None):
        x = tgt
        for layer in self.layers:
            x = layer(x, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                      tgt_key_padding_mask=tgt_key_padding_mask,
                      memory_key_padding_mask=memory_key_padding_mask, tgt_is_causal=bool(tgt_is_causal),
                      memory_is_causal=memory_is_causal)
        return x if self.norm is None else self.norm(x)
