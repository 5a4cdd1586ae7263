"""Embeddings with PyTorch's padding_idx: the padding row is looked up as any other (forward is a
plain lookup) but receives no gradient."""
import mxnet as mx
from mxnet import gluon, nd
from mxnet.gluon import nn


def padding_rows(F, x, out, padding_idx):
    """`out` (lookups of indices x) with no gradient flowing to the lookups of padding_idx."""
    keep = F.expand_dims(F.cast(x != padding_idx, "float32"), axis=-1)
    return F.broadcast_mul(out, keep) + F.broadcast_mul(F.stop_gradient(out), 1 - keep)


def embedding(F, x, weight, padding_idx=None):
    """PyTorch's F.embedding: rows of weight (num, dim) by index."""
    out = F.take(weight, x)
    return out if padding_idx is None else padding_rows(F, x, out, padding_idx)


class Embedding(nn.Embedding):
    """nn.Embedding with PyTorch's padding_idx (non-negative): that row gets no gradient."""

    def __init__(self, input_dim, output_dim, padding_idx=None, **kwargs):
        super().__init__(input_dim, output_dim, **kwargs)
        self._padding_idx = padding_idx

    def hybrid_forward(self, F, x, weight):
        out = super().hybrid_forward(F, x, weight)
        return out if self._padding_idx is None else padding_rows(F, x, out, self._padding_idx)


def bilinear(F, x1, x2, weight, bias=None):
    """PyTorch's F.bilinear: y[..., o] = x1 W[o] x2 (+ bias[o]); weight (out, in1, in2)."""
    a, b = F.reshape(x1, (-1, 0), reverse=True), F.reshape(x2, (-1, 0), reverse=True)   # (B, in1), (B, in2)
    t = F.dot(a, F.transpose(weight, axes=(1, 0, 2)))                                    # (B, out, in2)
    y = F.sum(F.broadcast_mul(t, F.expand_dims(b, axis=1)), axis=2)
    if bias is not None:
        y = F.broadcast_add(y, bias)
    return F.reshape_like(y, x1, lhs_begin=0, lhs_end=1, rhs_begin=0, rhs_end=-1)


class Bilinear(gluon.HybridBlock):
    """PyTorch's nn.Bilinear (weight (out, in1, in2), bias (out,))."""

    def __init__(self, in1_features, in2_features, out_features, use_bias=True, **kwargs):
        super().__init__(**kwargs)
        self.weight = self.params.get("weight", shape=(out_features, in1_features, in2_features))
        self.bias = self.params.get("bias", shape=(out_features,), init="zeros") if use_bias else None

    def hybrid_forward(self, F, x1, x2, weight, bias=None):
        return bilinear(F, x1, x2, weight, bias)


def bag_reduce(F, x, weight, mode="mean", per_sample_weights=None, padding_idx=None):
    """Bags of equal length (x: (B, L) indices): PyTorch's embedding_bag reduction, padding_idx
    left out of each bag (a bag of padding only, or an empty one, gives zeros)."""
    e = F.take(weight, x)                                                   # (B, L, D)
    keep = F.ones_like(x) if padding_idx is None else x != padding_idx
    keep = F.expand_dims(F.cast(keep, "float32"), axis=-1)                  # (B, L, 1)
    if per_sample_weights is not None:
        e = F.broadcast_mul(e, F.expand_dims(per_sample_weights, axis=-1))
    count = F.sum(keep, axis=1)                                             # (B, 1)
    if mode == "max":
        e = F.where(F.broadcast_like(keep, e) > 0, e, F.ones_like(e) * float("-inf"))
        top = F.max(e, axis=1)
        return F.where(F.broadcast_like(count, top) > 0, top, F.zeros_like(top))
    total = F.sum(F.broadcast_mul(e, keep), axis=1)
    return total if mode == "sum" else F.broadcast_div(total, F.maximum(count, F.ones_like(count)))


def embedding_bag(F, x, weight, offsets=None, mode="mean", per_sample_weights=None, include_last_offset=False,
                  padding_idx=None):
    """PyTorch's F.embedding_bag. 1-D input with offsets: bags of any length, padded to the longest
    (reads the offsets' values: imperative)."""
    if offsets is None:
        return bag_reduce(F, x, weight, mode, per_sample_weights, padding_idx)
    import numpy as np
    idx, starts = x.asnumpy(), offsets.asnumpy().tolist()
    ends = starts[1:] + ([] if include_last_offset else [len(idx)])
    starts = starts[:len(ends)]
    longest = max([e - s for s, e in zip(starts, ends)] + [1])
    cols = np.arange(longest)
    inside = cols[None, :] < (np.array(ends) - np.array(starts))[:, None]
    at = np.minimum(np.array(starts)[:, None] + cols[None, :], max(len(idx) - 1, 0))
    fill = -1 if padding_idx is None else padding_idx
    bags = np.where(inside, idx[at] if len(idx) else 0, fill if padding_idx is not None else 0)
    keep = inside if padding_idx is None else inside & (bags != padding_idx)
    w = keep.astype(np.float32)
    if per_sample_weights is not None:
        w = w * per_sample_weights.asnumpy()[at]
    e = F.take(weight, F.array(bags, dtype="int64"))
    if mode == "max":
        e = F.where(F.array(np.broadcast_to(keep[..., None], e.shape).astype(np.float32)) > 0, e,
                    F.ones_like(e) * float("-inf"))
        top = F.max(e, axis=1)
        return F.where(F.array(np.broadcast_to(keep.any(1)[:, None], top.shape).astype(np.float32)) > 0, top,
                       F.zeros_like(top))
    total = F.sum(F.broadcast_mul(e, F.array(w[..., None])), axis=1)
    if mode == "sum":
        return total
    return F.broadcast_div(total, F.array(np.maximum(keep.sum(1, keepdims=True), 1).astype(np.float32)))


class EmbeddingBag(gluon.Block):
    """PyTorch's nn.EmbeddingBag (weight (num, dim), N(0, 1)); called with offsets it reads their values,
    so it is an imperative Block."""

    def __init__(self, num_embeddings, embedding_dim, mode="mean", include_last_offset=False, padding_idx=None,
                 **kwargs):
        super().__init__(**kwargs)
        if mode not in ("sum", "mean", "max"):
            raise ValueError(f"mode {mode!r}: 'sum', 'mean' or 'max'")
        self._args = (mode, include_last_offset, padding_idx)
        self.weight = self.params.get("weight", shape=(num_embeddings, embedding_dim), init=mx.init.Normal(1.0))

    def forward(self, x, offsets=None, per_sample_weights=None):
        mode, last, padding_idx = self._args
        return embedding_bag(nd, x, self.weight.data(), offsets, mode, per_sample_weights, last, padding_idx)
