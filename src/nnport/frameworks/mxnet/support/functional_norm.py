"""PyTorch's functional normalizations (F.layer_norm, F.group_norm, F.batch_norm...) on its (N, C, *)
layout. Each takes `F` (mx.nd, or mx.sym inside a hybridized block) first; per-channel work is done on
the input seen as (N, C, L) (`F.reshape(x, (0, 0, -1))`), so any rank hybridizes."""


def standardize(F, x, axis, eps):
    """(x - mean) / sqrt(var + eps) over `axis` (biased variance, as PyTorch normalizes)."""
    mean = F.mean(x, axis=axis, keepdims=True)
    centered = F.broadcast_sub(x, mean)
    var = F.mean(F.square(centered), axis=axis, keepdims=True)
    return F.broadcast_mul(centered, F.rsqrt(var + eps))


def affine(F, y, weight, bias, shape):
    """y * weight + bias, both reshaped to `shape` (a reshape code tuple)."""
    if weight is not None:
        y = F.broadcast_mul(y, F.reshape(weight, shape))
    if bias is not None:
        y = F.broadcast_add(y, F.reshape(bias, shape))
    return y


def layer_norm(F, x, normalized_shape, weight=None, bias=None, eps=1e-5):
    """F.layer_norm: normalize over the trailing len(normalized_shape) axes."""
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    axis = tuple(range(-len(shape), 0))
    return affine(F, standardize(F, x, axis, eps), weight, bias, shape)


def rms_norm(F, x, normalized_shape, weight=None, eps=None):
    """F.rms_norm: x / sqrt(mean(x^2) + eps) over the trailing axes (eps None: float32's epsilon)."""
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    eps = 1.1920928955078125e-07 if eps is None else eps
    y = F.broadcast_mul(x, F.rsqrt(F.mean(F.square(x), axis=tuple(range(-len(shape), 0)), keepdims=True) + eps))
    return affine(F, y, weight, None, shape)


def group_norm(F, x, num_groups, weight=None, bias=None, eps=1e-5):
    """F.group_norm: the C channels in num_groups groups, each normalized over its channels and positions."""
    flat = F.reshape(x, (0, 0, -1))
    groups = F.reshape(flat, (0, num_groups, -1))
    y = F.reshape_like(standardize(F, groups, 2, eps), flat)
    return F.reshape_like(affine(F, y, weight, bias, (1, -1, 1)), x)


def batch_norm(F, x, running_mean, running_var, weight=None, bias=None, training=False, eps=1e-5):
    """F.batch_norm without updating statistics: the running ones, or (training) the batch's."""
    flat = F.reshape(x, (0, 0, -1))
    if training:
        y = standardize(F, flat, (0, 2), eps)
    else:
        centered = F.broadcast_sub(flat, F.reshape(running_mean, (1, -1, 1)))
        y = F.broadcast_mul(centered, F.reshape(F.rsqrt(running_var + eps), (1, -1, 1)))
    return F.reshape_like(affine(F, y, weight, bias, (1, -1, 1)), x)


def instance_norm(F, x, weight=None, bias=None, eps=1e-5):
    """F.instance_norm without running statistics: each sample's channels over their positions."""
    flat = F.reshape(x, (0, 0, -1))
    return F.reshape_like(affine(F, standardize(F, flat, 2, eps), weight, bias, (1, -1, 1)), x)


def local_response_norm(F, x, size, alpha=1e-4, beta=0.75, k=1.0):
    """F.local_response_norm on (N, C, *): x / (k + alpha / size * sum of x**2 over the `size` channels
    [c - size // 2, c + (size - 1) // 2], zero-padded) ** beta."""
    flat = F.reshape(x, (0, 0, -1))
    sq = F.square(flat)
    zero = F.zeros_like(F.slice_axis(sq, axis=1, begin=0, end=1))
    parts = [zero] * (size // 2) + [sq] + [zero] * ((size - 1) // 2)
    padded = F.concat(*parts, dim=1) if len(parts) > 1 else sq
    total = F.slice_axis(padded, axis=1, begin=0, end=1 - size if size > 1 else None)
    for i in range(1, size):
        total = total + F.slice_axis(padded, axis=1, begin=i, end=i + 1 - size if i < size - 1 else None)
    return F.reshape_like(flat / (total * (alpha / size) + k) ** beta, x)
