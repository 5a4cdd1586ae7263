"""Embeddings with PyTorch's padding_idx: the padding row is looked up as any other (forward is a
plain lookup) but receives no gradient."""
from mxnet import gluon
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
