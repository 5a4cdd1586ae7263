"""F.cosine_similarity with PyTorch's eps rule."""
from keras import ops


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """sum(x1 * x2) / (max(|x1|, eps) * max(|x2|, eps)) along dim (PyTorch clamps each norm)."""
    n1 = ops.maximum(ops.sqrt(ops.sum(x1 * x1, axis=dim)), eps)
    n2 = ops.maximum(ops.sqrt(ops.sum(x2 * x2, axis=dim)), eps)
    return ops.sum(x1 * x2, axis=dim) / (n1 * n2)
