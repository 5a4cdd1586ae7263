"""Reductions MXNet 1.x has no operator for with PyTorch's semantics. Each takes `F` (mx.nd, or mx.sym
inside a hybridized block) first."""
import math


def vector_norm(F, x, ord=2, axis=None, keepdims=False):
    """The vector norm of x over `axis` (an int, a tuple, or None: all elements), as torch.linalg.vector_norm."""
    a = F.abs(x)
    if ord == math.inf:
        return F.max(a, axis=axis, keepdims=keepdims)
    if ord == -math.inf:
        return F.min(a, axis=axis, keepdims=keepdims)
    if ord == 0:
        return F.sum(a != 0, axis=axis, keepdims=keepdims)
    if ord == 1:
        return F.sum(a, axis=axis, keepdims=keepdims)
    if ord == 2:
        return F.sqrt(F.sum(F.square(x), axis=axis, keepdims=keepdims))
    return F.sum(a ** ord, axis=axis, keepdims=keepdims) ** (1.0 / ord)


def var_corrected(F, x, axis=None, correction=1, keepdims=False):
    """PyTorch's var: sum((x - mean)^2) / (n - correction) over `axis` (all axes when None)."""
    mean = F.mean(x, axis=axis, keepdims=True)
    sq = F.square(F.broadcast_sub(x, mean))
    n = F.sum(F.ones_like(x), axis=axis, keepdims=keepdims)
    return F.sum(sq, axis=axis, keepdims=keepdims) / (n - correction)


def cosine_similarity(F, x1, x2, dim=1, eps=1e-8):
    """sum(x1 * x2) / (max(|x1|, eps) * max(|x2|, eps)) along dim (PyTorch clamps each norm)."""
    x1, x2 = F.broadcast_add(x1, F.zeros_like(x2)), F.broadcast_add(x2, F.zeros_like(x1))
    n1 = F.maximum(F.sqrt(F.sum(F.square(x1), axis=dim)), eps)
    n2 = F.maximum(F.sqrt(F.sum(F.square(x2), axis=dim)), eps)
    return F.sum(x1 * x2, axis=dim) / (n1 * n2)
