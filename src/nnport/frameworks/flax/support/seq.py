"""PyTorch's embedding bags (and the embedding padding row) and nn.Transformer in Flax NNX. Copied
into translated code.

nnx.Embed is PyTorch's nn.Embedding lookup; what it lacks is PyTorch's zeroed `padding_idx` row at
init (`padded_embed_init`) and nn.EmbeddingBag's per-bag reductions (`embedding_bag`, `EmbeddingBag`).
`Transformer` is nn.Transformer from the transformer layers of support/attention.py.
"""
import jax
import jax.numpy as jnp
from flax import nnx

from nnport.frameworks.flax.support.attention import (  # noqa: F401  (copied along by the translator)
    TransformerDecoder, TransformerDecoderLayer, TransformerEncoder, TransformerEncoderLayer)


def padded_embed_init(padding_idx, stddev=1.0):
    """PyTorch's nn.Embedding init: N(0, 1), with row `padding_idx` zeroed."""
    normal = nnx.initializers.normal(stddev)

    def init(key, shape, dtype=jnp.float32):
        return normal(key, shape, dtype).at[padding_idx].set(0)
    return init


def embedding_bag(input, weight, offsets=None, mode="mean", per_sample_weights=None,
                  include_last_offset=False, padding_idx=None):
    """F.embedding_bag: sums, means or maxima of the embeddings of each bag. A 2-d `input` holds one
    bag per row; a 1-d `input` is cut into bags at `offsets`. Entries equal to `padding_idx` are left
    out (also from a mean's count); an empty bag gives zeros."""
    if padding_idx is not None and padding_idx < 0:
        padding_idx += weight.shape[0]
    if input.ndim == 2:
        bags, length = input.shape
        input = input.reshape(-1)
        if per_sample_weights is not None:
            per_sample_weights = per_sample_weights.reshape(-1)
        segments = jnp.repeat(jnp.arange(bags), length)
    else:
        bags = offsets.shape[0] - (1 if include_last_offset else 0)
        # bag of each position; with include_last_offset, positions past the last offset are dropped
        segments = jnp.searchsorted(offsets, jnp.arange(input.shape[0]), side="right") - 1
    rows = jnp.take(weight, input, axis=0)
    if per_sample_weights is not None:
        rows = rows * per_sample_weights[:, None]
    keep = jnp.ones(input.shape, bool) if padding_idx is None else input != padding_idx
    count = jax.ops.segment_sum(keep.astype(rows.dtype), segments, bags)[:, None]
    if mode == "max":
        most = jax.ops.segment_max(jnp.where(keep[:, None], rows, -jnp.inf), segments, bags)
        return jnp.where(count > 0, most, 0)
    total = jax.ops.segment_sum(jnp.where(keep[:, None], rows, 0), segments, bags)
    return total if mode == "sum" else total / jnp.maximum(count, 1)


class EmbeddingBag(nnx.Module):
    """torch.nn.EmbeddingBag: `bag(input, offsets=None, per_sample_weights=None)`; `weight` is
    (num_embeddings, embedding_dim) like PyTorch's."""

    def __init__(self, num_embeddings, embedding_dim, mode="mean", include_last_offset=False,
                 padding_idx=None, *, rngs):
        if mode not in ("sum", "mean", "max"):
            raise ValueError(f"mode has to be one of sum, mean or max, got {mode!r}")
        if padding_idx is not None and padding_idx < 0:
            padding_idx += num_embeddings
        self.mode = mode
        self.include_last_offset = include_last_offset
        self.padding_idx = padding_idx
        init = nnx.initializers.normal(1.0) if padding_idx is None else padded_embed_init(padding_idx)
        self.weight = nnx.Param(init(rngs.params(), (num_embeddings, embedding_dim)))

    def __call__(self, input, offsets=None, per_sample_weights=None):
        return embedding_bag(input, self.weight[...], offsets, self.mode, per_sample_weights,
                             self.include_last_offset, self.padding_idx)


def embed_from_pretrained(embeddings, freeze=True, *, rngs):
    """nn.Embedding.from_pretrained: an nnx.Embed holding `embeddings`. Frozen (the default) it keeps
    them in a plain nnx.Variable, which optimizers of nnx.Param leave alone, like PyTorch's
    requires_grad=False."""
    embeddings = jnp.asarray(embeddings)
    embed = nnx.Embed(*embeddings.shape, embedding_init=lambda *_: embeddings, rngs=rngs)
    if freeze:
        embed.embedding = nnx.Variable(embed.embedding[...])
    return embed


def bag_from_pretrained(embeddings, freeze=True, mode="mean", include_last_offset=False, padding_idx=None,
                        *, rngs):
    """nn.EmbeddingBag.from_pretrained: an EmbeddingBag holding `embeddings` (frozen: see
    embed_from_pretrained)."""
    embeddings = jnp.asarray(embeddings)
    bag = EmbeddingBag(*embeddings.shape, mode, include_last_offset, padding_idx, rngs=rngs)
    bag.weight = (nnx.Variable if freeze else nnx.Param)(embeddings)
    return bag


class Transformer(nnx.Module):
    """torch.nn.Transformer: `out = model(src, tgt, ...)`, an encoder and a decoder stack, each
    ending in a LayerNorm; same submodule names (encoder.layers.0.self_attn, decoder.norm, ...)."""

    def __init__(self, d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6,
                 dim_feedforward=2048, dropout=0.1, activation="relu", custom_encoder=None,
                 custom_decoder=None, layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True,
                 *, rngs):
        options = dict(dim_feedforward=dim_feedforward, dropout=dropout, activation=activation,
                       layer_norm_eps=layer_norm_eps, batch_first=batch_first, norm_first=norm_first,
                       bias=bias)

        def norm():
            return nnx.LayerNorm(d_model, epsilon=layer_norm_eps, use_bias=bias, use_fast_variance=False,
                                 rngs=rngs)

        self.encoder = custom_encoder if custom_encoder is not None else TransformerEncoder(
            TransformerEncoderLayer(d_model, nhead, **options, rngs=rngs), num_encoder_layers, norm())
        self.decoder = custom_decoder if custom_decoder is not None else TransformerDecoder(
            TransformerDecoderLayer(d_model, nhead, **options, rngs=rngs), num_decoder_layers, norm())
        self.d_model = d_model
        self.nhead = nhead
        self.batch_first = batch_first

    def __call__(self, src, tgt, src_mask=None, tgt_mask=None, memory_mask=None, src_key_padding_mask=None,
                 tgt_key_padding_mask=None, memory_key_padding_mask=None, src_is_causal=None,
                 tgt_is_causal=None, memory_is_causal=False):
        memory = self.encoder(src, mask=src_mask, src_key_padding_mask=src_key_padding_mask,
                              is_causal=src_is_causal)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                            tgt_key_padding_mask=tgt_key_padding_mask,
                            memory_key_padding_mask=memory_key_padding_mask, tgt_is_causal=tgt_is_causal,
                            memory_is_causal=memory_is_causal)

    @staticmethod
    def generate_square_subsequent_mask(sz):
        """-inf above the diagonal, 0 elsewhere (an additive causal mask)."""
        return jnp.triu(jnp.full((sz, sz), -jnp.inf), k=1)


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """torch.nn.utils.rnn.pad_sequence: stack arrays (L_i, *) padded to the longest, as (L, B, *)
    ((B, L, *) if batch_first); padding on the right, or the left with padding_side='left'."""
    longest = max(s.shape[0] for s in sequences)

    def pad(s):
        extra = (0, longest - s.shape[0]) if padding_side == "right" else (longest - s.shape[0], 0)
        return jnp.pad(s, [extra] + [(0, 0)] * (s.ndim - 1), constant_values=padding_value)

    out = jnp.stack([pad(s) for s in sequences])
    return out if batch_first else jnp.swapaxes(out, 0, 1)
