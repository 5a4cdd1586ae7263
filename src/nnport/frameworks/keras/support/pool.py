"""PyTorch's pooling arithmetic on channels-first tensors (padding, dilation, ceil_mode,
count_include_pad, divisor_override) where Keras's pooling layers have no such options."""
import itertools
import math

from keras import ops


def _windows(x, kernel_size, stride, dilation, out):
    """Each kernel offset's strided view of x over the trailing spatial axes: out-sized slices."""
    n = len(kernel_size)
    for offset in itertools.product(*[range(k) for k in kernel_size]):
        index = [slice(None)] * (len(x.shape) - n)
        for o, d, s, m in zip(offset, dilation, stride, out):
            index.append(slice(o * d, o * d + (m - 1) * s + 1, s))
        yield x[tuple(index)]


def pool_sizes(shape, kernel_size, stride, padding, dilation, ceil_mode):
    """PyTorch's output sizes, and the extra right padding ceil_mode needs, per spatial axis."""
    out, extra = [], []
    for length, k, s, p, d in zip(shape, kernel_size, stride, padding, dilation):
        span = d * (k - 1) + 1
        size = (length + 2 * p - span + (s - 1 if ceil_mode else 0)) // s + 1
        if ceil_mode and (size - 1) * s >= length + p:
            size -= 1   # the last window must start inside the input or the left padding
        out.append(size)
        extra.append(max(0, (size - 1) * s + span - (length + 2 * p)))
    return out, extra


def max_pool(x, kernel_size, stride, padding=0, dilation=1, ceil_mode=False):
    """F.max_poolNd on (N, C, *spatial): padding with -inf, dilation, ceil_mode."""
    n = len(kernel_size)
    stride, padding, dilation = (tuple(v) if not isinstance(v, int) else (v,) * n for v in (stride, padding, dilation))
    out, extra = pool_sizes(x.shape[-n:], kernel_size, stride, padding, dilation, ceil_mode)
    pads = [(0, 0)] * (len(x.shape) - n) + [(p, p + e) for p, e in zip(padding, extra)]
    padded = ops.pad(x, pads, constant_values=-math.inf)
    views = list(_windows(padded, kernel_size, stride, dilation, out))
    result = views[0]
    for v in views[1:]:
        result = ops.maximum(result, v)
    return result


def avg_pool(x, kernel_size, stride, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None):
    """F.avg_poolNd on (N, C, *spatial): zero padding, ceil_mode, count_include_pad, divisor_override."""
    n = len(kernel_size)
    stride, padding = (tuple(v) if not isinstance(v, int) else (v,) * n for v in (stride, padding))
    ones = (1,) * n
    out, extra = pool_sizes(x.shape[-n:], kernel_size, stride, padding, ones, ceil_mode)
    lead = [(0, 0)] * (len(x.shape) - n)
    padded = ops.pad(x, lead + [(p, p + e) for p, e in zip(padding, extra)])
    total = sum(_windows(padded, kernel_size, stride, ones, out))
    if divisor_override is not None:
        return total / divisor_override
    inside = ops.ones(tuple(x.shape[-n:]), x.dtype)
    if count_include_pad:   # the padded input counts, the ceil_mode extension does not
        inside = ops.pad(inside, [(p, p) for p in padding], constant_values=1.0)
        count = ops.pad(inside, [(0, e) for e in extra])
    else:
        count = ops.pad(inside, [(p, p + e) for p, e in zip(padding, extra)])
    return total / sum(_windows(count, kernel_size, stride, ones, out))


def adaptive_pool(x, output_size, reduce="mean"):
    """F.adaptive_{avg,max}_poolNd on (N, C, *spatial): window i spans [floor(i*L/out), ceil((i+1)*L/out))."""
    n = len(output_size)
    for axis, size in zip(range(len(x.shape) - n, len(x.shape)), output_size):
        if size is None:
            continue
        length = x.shape[axis]
        parts = []
        for i in range(size):
            start, stop = (i * length) // size, -((-(i + 1) * length) // size)
            piece = ops.take(x, list(range(start, stop)), axis=axis)
            parts.append(ops.mean(piece, axis=axis, keepdims=True) if reduce == "mean"
                         else ops.max(piece, axis=axis, keepdims=True))
        x = ops.concatenate(parts, axis=axis)
    return x


def lp_pool(x, norm_type, kernel_size, stride=None, ceil_mode=False):
    """F.lp_poolNd on (N, C, *spatial), as PyTorch computes it: the window average of x ** p times
    the window size, to the power 1 / p (a partial ceil_mode window averages what it covers);
    p = inf: the window maximum of |x| (-inf: the minimum)."""
    n = len(kernel_size)
    stride = kernel_size if stride is None else (stride,) * n if isinstance(stride, int) else tuple(stride)
    if norm_type == math.inf:
        return max_pool(ops.abs(x), kernel_size, stride, 0, 1, ceil_mode)
    if norm_type == -math.inf:
        return -max_pool(-ops.abs(x), kernel_size, stride, 0, 1, ceil_mode)
    mean = avg_pool(ops.power(x, norm_type), kernel_size, stride, 0, ceil_mode)
    return ops.power(mean * math.prod(kernel_size), 1.0 / norm_type)


def batch_pool(pool, x, n, *args, **kwargs):
    """`pool` (ops.max_pool, ops.average_pool: (N, C, *spatial) only) on PyTorch's (N, C, *spatial)
    or unbatched (C, *spatial) input with n spatial axes: a batch axis added and removed for the latter."""
    if len(x.shape) == n + 1:
        return pool(ops.expand_dims(x, 0), *args, **kwargs)[0]
    return pool(x, *args, **kwargs)
