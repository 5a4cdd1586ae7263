"""PyTorch's bilinear map (nn.Bilinear, F.bilinear): Gluon has no layer for it. (Embeddings and bags:
the sequence family's tables, layers/seq.py.)"""
from mxnet import gluon


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
