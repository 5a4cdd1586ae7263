"""PyTorch's attention and transformer layers in Gluon (1.9 has none), with PyTorch's call conventions,
parameter names and submodule names (in_proj_weight, out_proj, self_attn, linear1, norm1...), so that
weights copy by path. HybridBlocks written with `F`: they hybridize.

A Gluon block is called with positional arguments only, and a HybridBlock's graph takes arrays (or
None): these blocks' `forward` takes PyTorch's arguments in PyTorch's order (translated call sites
write keywords as positions), and the flags among them (need_weights, average_attn_weights, is_causal) are
fixed into the traced graph (a change rebuilds it). Inputs may be batched or not: the batch axis is
added and removed by reshapes that work for either rank. Masks may be boolean or additive floats.
"""
import math

import mxnet as mx
from mxnet import gluon
from mxnet.gluon import nn


def is_bool(F, mask):
    """1 where `mask` is a boolean array, 0 where it is a float array (mask's shape). A Symbol has no
    dtype to read; MXNet 1.9 computes arithmetic on a boolean array in int64, so half of one is 0."""
    return 1 - 2 * F.cast(F.ones_like(mask) * 0.5, "float32")


def attention_bias(F, mask, allowed):
    """A boolean or additive mask -> an additive float bias (-inf where a boolean mask masks).
    `allowed`: the boolean value that lets a position take part (True for
    F.scaled_dot_product_attention, False for nn.MultiheadAttention's masks)."""
    m = F.cast(mask, "float32")
    masked = 1 - m if allowed else m
    bias = F.where(masked, F.ones_like(m) * -math.inf, F.zeros_like(m))
    return F.where(is_bool(F, mask), bias, m)


def causal_bias(F, scores):
    """-inf above the diagonal of the last two axes of (B, L, S) scores (aligned top left)."""
    rows = F.reshape(F.contrib.arange_like(scores, axis=1), shape=(-1, 1))
    cols = F.reshape(F.contrib.arange_like(scores, axis=2), shape=(1, -1))
    above = F.broadcast_greater(cols, rows)
    return F.where(above, F.ones_like(above) * -math.inf, F.zeros_like(above))


def repeat_heads(F, x, query):
    """Grouped-query attention: x (..., H_kv, S, E) with each head repeated for its group of the
    query's H_q heads (head h uses head h // (H_q / H_kv)), by a 0/1 matrix on the head axis."""
    q_heads = F.contrib.arange_like(F.swapaxes(query, -3, 0), axis=0)
    kv_heads = F.contrib.arange_like(F.swapaxes(x, -3, 0), axis=0)
    ratio = F.broadcast_div(F.sum(F.ones_like(kv_heads)), F.sum(F.ones_like(q_heads)))
    group = F.floor(F.broadcast_mul(q_heads, ratio))
    pick = F.broadcast_equal(F.reshape(kv_heads, shape=(-1, 1)), F.reshape(group, shape=(1, -1)))   # (H_kv, H_q)
    return F.swapaxes(F.dot(F.swapaxes(x, -3, -1), pick), -3, -1)


def scaled_dot_product_attention(F, query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False,
                                 scale=None, enable_gqa=False):
    """F.scaled_dot_product_attention on (..., L, E) arrays; a boolean attn_mask is True where
    attention is allowed; the causal mask is aligned to the top left like PyTorch's."""
    if enable_gqa:
        key, value = repeat_heads(F, key, query), repeat_heads(F, value, query)
    q, k, v = (F.reshape(a, shape=(-1, 0, 0), reverse=True) for a in (query, key, value))   # (B, T, E)
    if scale is None:
        e = F.slice_axis(F.shape_array(query), axis=0, begin=-1, end=None)
        scale = F.reshape(F.rsqrt(F.cast(e, "float32")), shape=(1, 1, 1))
        scores = F.broadcast_mul(F.batch_dot(q, k, transpose_b=True), scale)
    else:
        scores = F.batch_dot(q, k, transpose_b=True) * scale
    if is_causal:
        scores = F.broadcast_add(scores, causal_bias(F, scores))
    if attn_mask is not None:   # broadcast against the leading axes of the query
        full = F.reshape_like(scores, query, lhs_begin=0, lhs_end=1, rhs_begin=0, rhs_end=-2)
        full = F.broadcast_add(full, attention_bias(F, attn_mask, True))
        scores = F.reshape(full, shape=(-1, 0, 0), reverse=True)
    weights = F.softmax(scores, axis=-1)
    if dropout_p > 0:
        weights = F.Dropout(weights, p=dropout_p)
    out = F.batch_dot(weights, v)
    return F.reshape_like(out, query, lhs_begin=0, lhs_end=1, rhs_begin=0, rhs_end=-2)


class MultiheadAttention(gluon.HybridBlock):
    """torch.nn.MultiheadAttention: `out, weights = attn(query, key, value, ...)`, sequence-first
    unless batch_first; in_proj_weight (3E, E) (or q/k/v_proj_weight when kdim/vdim differ),
    in_proj_bias, out_proj (a Dense) as PyTorch has them."""

    def __init__(self, embed_dim, num_heads, dropout=0.0, bias=True, kdim=None, vdim=None, batch_first=False):
        super().__init__()
        if embed_dim % num_heads:
            raise ValueError("embed_dim must be divisible by num_heads")
        self.embed_dim, self.num_heads, self.batch_first, self.dropout = embed_dim, num_heads, batch_first, dropout
        self.kdim, self.vdim = kdim or embed_dim, vdim or embed_dim
        self.packed = self.kdim == embed_dim and self.vdim == embed_dim
        self.bias = bias
        xavier = mx.init.Xavier(rnd_type="uniform", factor_type="avg", magnitude=3)
        if self.packed:
            self.in_proj_weight = self.params.get("in_proj_weight", shape=(3 * embed_dim, embed_dim), init=xavier)
        else:
            self.q_proj_weight = self.params.get("q_proj_weight", shape=(embed_dim, embed_dim), init=xavier)
            self.k_proj_weight = self.params.get("k_proj_weight", shape=(embed_dim, self.kdim), init=xavier)
            self.v_proj_weight = self.params.get("v_proj_weight", shape=(embed_dim, self.vdim), init=xavier)
        if bias:
            self.in_proj_bias = self.params.get("in_proj_bias", shape=(3 * embed_dim,), init=mx.init.Zero())
        self.out_proj = nn.Dense(embed_dim, use_bias=bias, flatten=False, in_units=embed_dim)
        self._flags = (True, True, False)

    def forward(self, query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
                average_attn_weights=True, is_causal=False):
        flags = (bool(need_weights), bool(average_attn_weights), bool(is_causal) and attn_mask is None)
        if flags != self._flags:
            self._flags = flags
            self._clear_cached_op()
        return super().forward(query, key, value, key_padding_mask, attn_mask)

    def _batched(self, F, x, dim):
        """(L, N, d), (N, L, d) if batch_first, or unbatched (L, d) -> (N, L, d)."""
        if self.batch_first:
            return F.reshape(x, shape=(-1, 0, dim), reverse=True)
        return F.swapaxes(F.reshape(x, shape=(0, -1, dim)), 0, 1)

    def hybrid_forward(self, F, query, key, value, key_padding_mask=None, attn_mask=None, **params):
        need_weights, average, causal = self._flags
        embed, heads = self.embed_dim, self.num_heads
        if self.packed:
            ws = F.split(params["in_proj_weight"], num_outputs=3, axis=0)
        else:
            ws = [params["q_proj_weight"], params["k_proj_weight"], params["v_proj_weight"]]
        bs = F.split(params["in_proj_bias"], num_outputs=3, axis=0) if self.bias else [None] * 3
        proj = []
        for x, dim, w, b in zip((query, key, value), (embed, self.kdim, self.vdim), ws, bs):
            x = F.FullyConnected(self._batched(F, x, dim), w, b, num_hidden=embed, no_bias=b is None, flatten=False)
            x = F.transpose(F.reshape(x, shape=(0, 0, -4, heads, -1)), axes=(0, 2, 1, 3))
            proj.append(F.reshape(x, shape=(-3, -2)))   # (N * heads, T, E / heads)
        q, k, v = proj
        scores = F.batch_dot(q * math.sqrt(1.0 / (embed // heads)), k, transpose_b=True)   # (N * heads, L, S)
        if attn_mask is None and causal:
            scores = F.broadcast_add(scores, causal_bias(F, scores))
        if attn_mask is not None:   # (L, S) or (N * heads, L, S)
            bias = F.reshape(attention_bias(F, attn_mask, False), shape=(-1, 0, 0), reverse=True)
            scores = F.broadcast_add(scores, bias)
        if key_padding_mask is not None:   # (N, S) or (S,): True / -inf = ignore that key
            pad = F.reshape(attention_bias(F, key_padding_mask, False), shape=(-1, 0), reverse=True)
            scores = F.reshape(scores, shape=(-4, -1, heads, -2))
            scores = F.reshape(F.broadcast_add(scores, F.reshape(pad, shape=(0, 1, 1, -1))), shape=(-3, -2))
        weights = F.softmax(scores, axis=-1)
        if self.dropout > 0:
            weights = F.Dropout(weights, p=self.dropout)
        out = F.reshape(F.batch_dot(weights, v), shape=(-4, -1, heads, -2))   # (N, heads, L, E / heads)
        out = self.out_proj(F.reshape(F.transpose(out, axes=(0, 2, 1, 3)), shape=(0, 0, -3)))
        like = query if self.batch_first else F.swapaxes(query, 0, -2)   # (N, L, E) or (L, E)
        out = F.reshape_like(out, like, lhs_begin=0, lhs_end=2, rhs_begin=0, rhs_end=-1)
        if not self.batch_first:
            out = F.swapaxes(out, 0, -2)
        if not need_weights:
            return out, None
        weights = F.reshape(weights, shape=(-4, -1, heads, -2))
        if average:
            return out, F.reshape_like(F.mean(weights, axis=1), like, lhs_begin=0, lhs_end=2, rhs_begin=0,
                                       rhs_end=-1)
        weights = F.reshape_like(F.swapaxes(weights, 1, 2), like, lhs_begin=0, lhs_end=2, rhs_begin=0, rhs_end=-1)
        return out, F.swapaxes(weights, -3, -2)


def _activation(F, x, name):
    """PyTorch's activation names for transformer layers ('gelu' is the exact, erf form)."""
    return F.relu(x) if name == "relu" else F.LeakyReLU(x, act_type="gelu")


class TransformerLayer(gluon.HybridBlock):
    """What torch.nn.TransformerEncoderLayer and TransformerDecoderLayer share: self-attention, the
    feed-forward block (linear1, dropout, linear2), norm1, norm2, dropout1, dropout2."""

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation="relu", layer_norm_eps=1e-05,
                 batch_first=False, norm_first=False, bias=True):
        super().__init__()
        self.init_args = dict(d_model=d_model, nhead=nhead, dim_feedforward=dim_feedforward, dropout=dropout,
                              activation=activation, layer_norm_eps=layer_norm_eps, batch_first=batch_first,
                              norm_first=norm_first, bias=bias)
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias, batch_first=batch_first)
        self.linear1 = nn.Dense(dim_feedforward, use_bias=bias, flatten=False, in_units=d_model)
        self.dropout = nn.Dropout(dropout)
        self.linear2 = nn.Dense(d_model, use_bias=bias, flatten=False, in_units=dim_feedforward)
        self.norm1 = self._norm()
        self.norm2 = self._norm()
        self.dropout1 = nn.Dropout(dropout)
        self.dropout2 = nn.Dropout(dropout)
        self.norm_first, self.activation = norm_first, activation

    def _norm(self):
        a = self.init_args
        return nn.LayerNorm(epsilon=a["layer_norm_eps"], center=a["bias"], in_channels=a["d_model"])

    def _sa_block(self, x, attn_mask, key_padding_mask):
        return self.dropout1(self.self_attn(x, x, x, key_padding_mask, False, attn_mask)[0])

    def _ff_block(self, F, x, dropout):
        return dropout(self.linear2(self.dropout(_activation(F, self.linear1(x), self.activation))))


class TransformerEncoderLayer(TransformerLayer):
    """torch.nn.TransformerEncoderLayer (post-norm unless norm_first), same submodule names."""

    def forward(self, src, src_mask=None, src_key_padding_mask=None, is_causal=False):
        return super().forward(src, src_mask, src_key_padding_mask)

    def hybrid_forward(self, F, src, src_mask=None, src_key_padding_mask=None):
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask)
            return x + self._ff_block(F, self.norm2(x), self.dropout2)
        x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask))
        return self.norm2(x + self._ff_block(F, x, self.dropout2))


class TransformerDecoderLayer(TransformerLayer):
    """torch.nn.TransformerDecoderLayer (post-norm unless norm_first), same submodule names."""

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation="relu", layer_norm_eps=1e-05,
                 batch_first=False, norm_first=False, bias=True):
        super().__init__(d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first,
                         norm_first, bias)
        self.multihead_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias, batch_first=batch_first)
        self.norm3 = self._norm()
        self.dropout3 = nn.Dropout(dropout)

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False):
        return super().forward(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask)

    def hybrid_forward(self, F, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                       memory_key_padding_mask=None):
        x = tgt
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask)
            x = x + self._mha_block(self.norm2(x), memory, memory_mask, memory_key_padding_mask)
            return x + self._ff_block(F, self.norm3(x), self.dropout3)
        x = self.norm1(x + self._sa_block(x, tgt_mask, tgt_key_padding_mask))
        x = self.norm2(x + self._mha_block(x, memory, memory_mask, memory_key_padding_mask))
        return self.norm3(x + self._ff_block(F, x, self.dropout3))

    def _mha_block(self, x, mem, attn_mask, key_padding_mask):
        return self.dropout2(self.multihead_attn(x, mem, mem, key_padding_mask, False, attn_mask)[0])


class TransformerEncoder(gluon.HybridBlock):
    """torch.nn.TransformerEncoder: `num_layers` copies of `encoder_layer` (in `layers`), then `norm`."""

    def __init__(self, encoder_layer, num_layers, norm=None):
        super().__init__()
        self.layers = nn.HybridSequential()
        self.layers.add(*[type(encoder_layer)(**encoder_layer.init_args) for _ in range(num_layers)])
        self.norm = norm

    def forward(self, src, mask=None, src_key_padding_mask=None, is_causal=None):
        return super().forward(src, mask, src_key_padding_mask)

    def hybrid_forward(self, F, src, mask=None, src_key_padding_mask=None):
        x = src
        for layer in self.layers:
            x = layer(x, mask, src_key_padding_mask)
        return x if self.norm is None else self.norm(x)


class TransformerDecoder(gluon.HybridBlock):
    """torch.nn.TransformerDecoder: `num_layers` copies of `decoder_layer` (in `layers`), then `norm`."""

    def __init__(self, decoder_layer, num_layers, norm=None):
        super().__init__()
        self.layers = nn.HybridSequential()
        self.layers.add(*[type(decoder_layer)(**decoder_layer.init_args) for _ in range(num_layers)])
        self.norm = norm

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, tgt_is_causal=None, memory_is_causal=False):
        return super().forward(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask)

    def hybrid_forward(self, F, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                       memory_key_padding_mask=None):
        x = tgt
        for layer in self.layers:
            x = layer(x, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask)
        return x if self.norm is None else self.norm(x)
