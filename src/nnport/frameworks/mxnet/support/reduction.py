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


def logsumexp(F, x, axis=None, keepdims=False):
    """log(sum(exp(x))) over `axis`, shifted by the maximum so that it does not overflow."""
    m = F.max(x, axis=axis, keepdims=True)
    out = F.log(F.sum(F.exp(F.broadcast_sub(x, m)), axis=axis, keepdims=True)) + m
    return out if keepdims else F.squeeze(out, axis=axis)


def cumprod(F, x, axis):
    """The running product along `axis`: exp of the running sum of log|x|, its sign from the count of
    negative factors, 0 from the first zero on."""
    negatives = F.cumsum(x < 0, axis=axis)
    sign = 1 - 2 * (negatives - 2 * F.floor(negatives / 2))
    zeros = F.cumsum(x == 0, axis=axis)
    magnitude = F.exp(F.cumsum(F.log(F.where(x == 0, F.ones_like(x), F.abs(x))), axis=axis))
    return F.where(zeros > 0, F.zeros_like(x), sign * magnitude)
