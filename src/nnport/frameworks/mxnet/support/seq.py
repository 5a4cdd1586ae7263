"""PyTorch's embedding bags, embedding initialisation, nn.Transformer and sequence utilities in Gluon
(copied into translated code by name). Functions taking `F` run inside hybrid_forward and hybridize."""
import math

import mxnet as mx
from mxnet import gluon, nd
from mxnet.gluon import nn

from .attention import TransformerDecoder, TransformerDecoderLayer, TransformerEncoder, TransformerEncoderLayer


class PaddedNormal(mx.init.Initializer):
    """PyTorch's nn.Embedding / EmbeddingBag initialisation: N(0, 1), the padding_idx row zero."""

    def __init__(self, padding_idx=None):
        super().__init__(padding_idx=padding_idx)
        self.padding_idx = padding_idx

    def _init_weight(self, name, arr):
        arr[:] = nd.random.normal(0, 1, shape=arr.shape, dtype=arr.dtype)
        if self.padding_idx is not None:
            arr[self.padding_idx % arr.shape[0]] = 0


def embedding_from_pretrained(embeddings, freeze=True):
    """nn.Embedding.from_pretrained: an nn.Embedding holding `embeddings`, not trained when frozen."""
    emb = nn.Embedding(*embeddings.shape, weight_initializer=mx.init.Constant(embeddings))
    if freeze:
        emb.weight.grad_req = "null"
    return emb


def embedding_bag(F, input, weight, offsets=None, mode="mean", per_sample_weights=None,
                  include_last_offset=False, padding_idx=None):
    """F.embedding_bag: sums, means or maxima of the embeddings of each bag. A 2-d `input` holds one
    bag per row; a 1-d `input` is cut into bags at `offsets`. Entries equal to `padding_idx` are left
    out (also from a mean's count); an empty bag gives zeros."""
    rows = F.take(weight, input)
    if padding_idx is None:
        keep = F.ones_like(F.cast(input, "float32"))
    elif padding_idx >= 0:
        keep = F.cast(input != padding_idx, "float32")
    else:   # counted from the end of the weight's rows
        pad = F.slice_axis(F.shape_array(weight), axis=0, begin=0, end=1) + padding_idx
        keep = F.cast(F.broadcast_not_equal(F.cast(input, "int64"), pad), "float32")
    weights = keep if per_sample_weights is None else keep * per_sample_weights
    if offsets is None:   # (bags, length): one bag per row
        member = F.expand_dims(weights, axis=-1)
        total = F.sum(F.broadcast_mul(rows, member), axis=1)
        count = F.sum(keep, axis=1, keepdims=True)
        allowed = keep
        axis = 1
    else:                 # (n,) cut at offsets: member[b, j] = 1 where position j is in bag b
        starts = F.cast(offsets, "float32")
        positions = F.contrib.arange_like(F.cast(input, "float32"))
        if include_last_offset:
            ends = F.slice_axis(starts, axis=0, begin=-1, end=None)
            keep = keep * F.broadcast_lesser(positions, ends)
            weights = keep if per_sample_weights is None else keep * per_sample_weights
            starts = F.slice_axis(starts, axis=0, begin=0, end=-1)
        bag = F.sum(F.broadcast_lesser_equal(F.reshape(starts, shape=(-1, 1)), F.reshape(positions, shape=(1, -1))),
                    axis=0) - 1
        member = F.broadcast_equal(F.reshape(bag, shape=(1, -1)),
                                   F.reshape(F.contrib.arange_like(starts), shape=(-1, 1)))   # (bags, n)
        total = F.dot(F.broadcast_mul(member, F.reshape(weights, shape=(1, -1))), rows)
        allowed = F.broadcast_mul(member, F.reshape(keep, shape=(1, -1)))
        count = F.sum(allowed, axis=1, keepdims=True)
        rows = F.expand_dims(rows, axis=0)
        axis = 1
    if mode == "max":
        bias = F.where(allowed, F.zeros_like(allowed), F.ones_like(allowed) * -math.inf)
        most = F.max(F.broadcast_add(rows, F.expand_dims(bias, axis=-1)), axis=axis)
        return F.where(F.broadcast_like(count > 0, most), most, F.zeros_like(most))
    if mode == "sum":
        return total
    return F.broadcast_div(total, F.maximum(count, 1))


class EmbeddingBag(gluon.HybridBlock):
    """torch.nn.EmbeddingBag: `bag(input, offsets=None, per_sample_weights=None)`; `weight` is
    (num_embeddings, embedding_dim) like PyTorch's, initialised N(0, 1) (the padding row zero)."""

    def __init__(self, num_embeddings, embedding_dim, mode="mean", include_last_offset=False, padding_idx=None,
                 weight_initializer=None):
        super().__init__()
        if mode not in ("sum", "mean", "max"):
            raise ValueError(f"mode has to be one of sum, mean or max, got {mode!r}")
        if padding_idx is not None and padding_idx < 0:
            padding_idx += num_embeddings
        self.mode, self.include_last_offset, self.padding_idx = mode, include_last_offset, padding_idx
        self.weight = self.params.get("weight", shape=(num_embeddings, embedding_dim),
                                      init=weight_initializer or PaddedNormal(padding_idx))

    def hybrid_forward(self, F, input, offsets=None, per_sample_weights=None, weight=None):
        return embedding_bag(F, input, weight, offsets, self.mode, per_sample_weights, self.include_last_offset,
                             self.padding_idx)


def bag_from_pretrained(embeddings, freeze=True, mode="mean", include_last_offset=False, padding_idx=None):
    """nn.EmbeddingBag.from_pretrained: an EmbeddingBag holding `embeddings`, not trained when frozen."""
    bag = EmbeddingBag(*embeddings.shape, mode=mode, include_last_offset=include_last_offset,
                       padding_idx=padding_idx, weight_initializer=mx.init.Constant(embeddings))
    if freeze:
        bag.weight.grad_req = "null"
    return bag


class Transformer(gluon.HybridBlock):
    """torch.nn.Transformer: `out = model(src, tgt, ...)`, an encoder and a decoder stack, each
    ending in a LayerNorm; same submodule names (encoder.layers.0.self_attn, decoder.norm, ...)."""

    def __init__(self, d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048,
                 dropout=0.1, activation="relu", custom_encoder=None, custom_decoder=None, layer_norm_eps=1e-05,
                 batch_first=False, norm_first=False, bias=True):
        super().__init__()
        options = dict(dim_feedforward=dim_feedforward, dropout=dropout, activation=activation,
                       layer_norm_eps=layer_norm_eps, batch_first=batch_first, norm_first=norm_first, bias=bias)

        def norm():
            return nn.LayerNorm(epsilon=layer_norm_eps, center=bias, in_channels=d_model)

        self.encoder = custom_encoder if custom_encoder is not None else TransformerEncoder(
            TransformerEncoderLayer(d_model, nhead, **options), num_encoder_layers, norm())
        self.decoder = custom_decoder if custom_decoder is not None else TransformerDecoder(
            TransformerDecoderLayer(d_model, nhead, **options), num_decoder_layers, norm())
        self.d_model, self.nhead, self.batch_first = d_model, nhead, batch_first

    def forward(self, src, tgt, src_mask=None, tgt_mask=None, memory_mask=None, src_key_padding_mask=None,
                tgt_key_padding_mask=None, memory_key_padding_mask=None, src_is_causal=None, tgt_is_causal=None,
                memory_is_causal=False):
        return super().forward(src, tgt, src_mask, tgt_mask, memory_mask, src_key_padding_mask, tgt_key_padding_mask,
                               memory_key_padding_mask)

    def hybrid_forward(self, F, src, tgt, src_mask=None, tgt_mask=None, memory_mask=None, src_key_padding_mask=None,
                       tgt_key_padding_mask=None, memory_key_padding_mask=None):
        memory = self.encoder(src, src_mask, src_key_padding_mask)
        return self.decoder(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask)

    @staticmethod
    def generate_square_subsequent_mask(sz):
        """-inf above the diagonal, 0 elsewhere (an additive causal mask), as an NDArray."""
        return square_subsequent_mask(nd, sz)


def square_subsequent_mask(F, sz):
    """nn.Transformer.generate_square_subsequent_mask: -inf above the diagonal, 0 elsewhere."""
    r = F.arange(sz)
    above = F.broadcast_greater(F.reshape(r, shape=(1, -1)), F.reshape(r, shape=(-1, 1)))
    return F.where(above, F.ones_like(above) * -math.inf, F.zeros_like(above))


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """torch.nn.utils.rnn.pad_sequence: arrays (L_i, *) padded to the longest and stacked, as (L, B, *)
    ((B, L, *) if batch_first); padding on the right, or the left with padding_side='left'. It reads
    the lengths: the code calling it runs imperatively."""
    longest = max(s.shape[0] for s in sequences)
    padded = []
    for s in sequences:
        if s.shape[0] < longest:
            fill = nd.full((longest - s.shape[0],) + s.shape[1:], padding_value, dtype=s.dtype)
            s = nd.concat(s, fill, dim=0) if padding_side == "right" else nd.concat(fill, s, dim=0)
        padded.append(s)
    out = nd.stack(*padded)
    return out if batch_first else nd.swapaxes(out, 0, 1)
