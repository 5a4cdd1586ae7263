"""Reductions keras.ops has no exact form for: PyTorch's corrected variance, multi-axis vector norms,
top-k along any axis."""
from keras import ops


def var_corrected(x, axis=None, correction=1, keepdims=False):
    """PyTorch's var: sum((x - mean)^2) / (n - correction) over `axis` (all axes when None)."""
    axes = tuple(range(len(x.shape))) if axis is None else (axis,) if isinstance(axis, int) else tuple(axis)
    n = 1
    for a in axes:
        n *= x.shape[a]
    mean = ops.mean(x, axis=axes, keepdims=True)
    return ops.sum(ops.square(x - mean), axis=axes, keepdims=keepdims) / (n - correction)


def std_corrected(x, axis=None, correction=1, keepdims=False):
    return ops.sqrt(var_corrected(x, axis, correction, keepdims))


def vector_norm(x, ord=2, axis=None, keepdims=False):
    """The vector norm of x over several axes (as if they were flattened)."""
    a = ops.abs(x)
    if ord == float("inf"):
        return ops.max(a, axis=axis, keepdims=keepdims)
    if ord == float("-inf"):
        return ops.min(a, axis=axis, keepdims=keepdims)
    if ord == 0:
        return ops.sum(ops.cast(a != 0, x.dtype), axis=axis, keepdims=keepdims)
    return ops.sum(a ** ord, axis=axis, keepdims=keepdims) ** (1.0 / ord)


def topk(x, k, dim=-1, largest=True):
    """(values, indices) of the k largest (or smallest) entries along dim, sorted."""
    moved = ops.moveaxis(x, dim, -1)
    values, indices = ops.top_k(moved if largest else -moved, k)
    if not largest:
        values = -values
    return ops.moveaxis(values, -1, dim), ops.moveaxis(indices, -1, dim)
