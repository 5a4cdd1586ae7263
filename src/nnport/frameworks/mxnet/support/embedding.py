"""Embeddings with PyTorch's padding_idx: the padding row is looked up as any other (forward is a
plain lookup) but receives no gradient."""
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
