"""Pooling with PyTorch's semantics where Gluon's pools differ: dilation, ceil_mode whose last window
PyTorch drops (it would start in the right padding), divisor_override, adaptive bins. Windows are
strided slices of the padded input (batched NC* input), so the functions hybridize; adaptive pooling
reads the input's shape (imperative)."""
import functools

from mxnet import gluon, nd

from nnport.frameworks.mxnet.support.spatial import pad


def pool_sizes(kernel, stride, padding, dilation, ceil_mode):
    """Per-axis tuples, and the extra right padding that gives PyTorch's ceil_mode window count."""
    n = len(kernel)
    stride = kernel if stride is None or stride == () else stride
    stride, padding, dilation = (tuple(v) if isinstance(v, (tuple, list)) else (v,) * n
                                 for v in (stride, padding, dilation))
    extra = tuple(max(0, min(s - 1, (k - 1) * d - p)) if ceil_mode else 0
                  for k, s, p, d in zip(kernel, stride, padding, dilation))
    return stride, padding, dilation, extra


def _flat(before, after):
    """Per-axis (before, after) sizes in F.pad's order: last axis first."""
    return tuple(v for b, a in zip(reversed(before), reversed(after)) for v in (b, a))


def _windows(F, x, kernel, stride, dilation):
    """Each kernel offset's strided slice of x (N, C, *spatial): the values that offset sees."""
    out = []
    for offset in _offsets(kernel):
        begin, end, step = [None, None], [None, None], [None, None]
        for o, k, s, d in zip(offset, kernel, stride, dilation):
            begin.append(o * d)
            end.append(-(k - 1 - o) * d or None)
            step.append(s)
        out.append(F.slice(x, begin=tuple(begin), end=tuple(end), step=tuple(step)))
    return out


def _offsets(kernel):
    if not kernel:
        return [()]
    return [(i, *rest) for i in range(kernel[0]) for rest in _offsets(kernel[1:])]


def max_pool(F, x, kernel, stride=None, padding=0, dilation=1, ceil_mode=False):
    """PyTorch's max_poolNd (kernel a tuple of the N spatial sizes)."""
    stride, padding, dilation, extra = pool_sizes(kernel, stride, padding, dilation, ceil_mode)
    x = pad(F, x, _flat(padding, tuple(p + e for p, e in zip(padding, extra))), "constant", float("-inf"))
    return functools.reduce(F.maximum, _windows(F, x, kernel, stride, dilation))


def avg_pool(F, x, kernel, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None):
    """PyTorch's avg_poolNd: the divisor counts the window's padding too (count_include_pad), never
    the part past the padded input that ceil_mode adds."""
    stride, padding, ones, extra = pool_sizes(kernel, stride, padding, 1, ceil_mode)
    right = tuple(p + e for p, e in zip(padding, extra))
    total = functools.reduce(F.elemwise_add, _windows(F, pad(F, x, _flat(padding, right)), kernel, stride, ones))
    if divisor_override:
        return total / divisor_override
    mask = pad(F, F.ones_like(x), _flat(padding, padding), "constant", 1.0 if count_include_pad else 0.0)
    mask = pad(F, mask, _flat(tuple(0 * e for e in extra), extra))
    return total / functools.reduce(F.elemwise_add, _windows(F, mask, kernel, stride, ones))


def adaptive_pool(x, output_size, reduce="mean"):
    """PyTorch's adaptive_{avg,max}_poolNd: bin i of an axis of size L spans
    [floor(i * L / out), ceil((i + 1) * L / out)); None keeps the axis. Reads x.shape (imperative)."""
    n = len(output_size)
    for i, out in enumerate(output_size):
        axis = len(x.shape) - n + i
        size = x.shape[axis]
        if out is None or out == size:
            continue
        bins = [nd.slice_axis(x, axis=axis, begin=j * size // out, end=-(-(j + 1) * size // out)) for j in range(out)]
        bins = [nd.mean(b, axis=axis, keepdims=True) if reduce == "mean" else nd.max(b, axis=axis, keepdims=True)
                for b in bins]
        x = nd.concat(*bins, dim=axis)
    return x


class MaxPool(gluon.HybridBlock):
    """PyTorch's MaxPoolNd where Gluon's MaxPoolND is not it (dilation, ceil_mode)."""

    def __init__(self, kernel, stride=None, padding=0, dilation=1, ceil_mode=False, **kwargs):
        super().__init__(**kwargs)
        self._args = (kernel, stride, padding, dilation, ceil_mode)

    def hybrid_forward(self, F, x):
        return max_pool(F, x, *self._args)


class AvgPool(gluon.HybridBlock):
    """PyTorch's AvgPoolNd where Gluon's AvgPoolND is not it (ceil_mode, divisor_override)."""

    def __init__(self, kernel, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
                 divisor_override=None, **kwargs):
        super().__init__(**kwargs)
        self._args = (kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)

    def hybrid_forward(self, F, x):
        return avg_pool(F, x, *self._args)


class AdaptiveAvgPool2D(gluon.HybridBlock):
    """PyTorch's AdaptiveAvgPool2d (the same bins as F.contrib.AdaptiveAvgPooling2D)."""

    def __init__(self, output_size, **kwargs):
        super().__init__(**kwargs)
        self._output_size = output_size

    def hybrid_forward(self, F, x):
        return F.contrib.AdaptiveAvgPooling2D(x, output_size=self._output_size)


class AdaptivePool(gluon.Block):
    """PyTorch's AdaptiveAvg/MaxPoolNd (bins from the input's shape: an imperative block)."""

    def __init__(self, output_size, reduce="mean", **kwargs):
        super().__init__(**kwargs)
        self._output_size, self._reduce = output_size, reduce

    def forward(self, x):
        return adaptive_pool(x, self._output_size, self._reduce)


def lp_pool(F, x, norm_type, kernel, stride=None, ceil_mode=False):
    """PyTorch's lp_poolNd: (average of x^p over the window, times the window size)^(1/p), the
    average as avg_poolNd computes it (ceil_mode windows divided by their clipped size, as PyTorch);
    norm_type inf: the max of |x| (-inf: the min), as PyTorch."""
    if norm_type in (float("inf"), float("-inf")):
        sign = 1 if norm_type > 0 else -1
        return sign * max_pool(F, sign * F.abs(x), kernel, stride, 0, 1, ceil_mode)
    size = functools.reduce(lambda a, b: a * b, kernel)
    return (avg_pool(F, x ** norm_type, kernel, stride, 0, ceil_mode) * size) ** (1.0 / norm_type)


class LPPool(gluon.HybridBlock):
    """PyTorch's LPPoolNd."""

    def __init__(self, norm_type, kernel, stride=None, ceil_mode=False, **kwargs):
        super().__init__(**kwargs)
        self._args = (norm_type, kernel, stride, ceil_mode)

    def hybrid_forward(self, F, x):
        return lp_pool(F, x, *self._args)
