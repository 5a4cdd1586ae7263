"""Padding, pixel (un)shuffle and resampling with PyTorch's semantics, written with F so that they
hybridize (functions take F first: `pad(F, x, (1, 2))`; F is mx.nd or mx.sym)."""
from mxnet import gluon


def pad(F, x, pad, mode="constant", value=0.0):
    """PyTorch's F.pad: `pad` is (before, after) of the last axis, then of the one before...; any rank;
    modes 'constant', 'reflect', 'replicate', 'circular'. Each axis grows by slices of x (concat)."""
    for i in range(len(pad) // 2):
        axis, before, after = -1 - i, pad[2 * i], pad[2 * i + 1]
        parts = [x]
        if before:
            parts.insert(0, _pad_side(F, x, axis, before, mode, value, True))
        if after:
            parts.append(_pad_side(F, x, axis, after, mode, value, False))
        if len(parts) > 1:
            x = F.concat(*parts, dim=axis)
    return x


def _pad_side(F, x, axis, n, mode, value, before):
    if mode == "constant":
        edge = F.slice_axis(x, axis=axis, begin=0, end=1)
        return F.repeat(F.zeros_like(edge) + value, repeats=n, axis=axis)
    if mode == "replicate":
        edge = F.slice_axis(x, axis=axis, begin=0, end=1) if before else F.slice_axis(x, axis=axis, begin=-1, end=None)
        return F.repeat(edge, repeats=n, axis=axis)
    if mode == "reflect":   # the n values next to the edge, mirrored (the edge itself not repeated)
        part = F.slice_axis(x, axis=axis, begin=1, end=n + 1) if before else \
            F.slice_axis(x, axis=axis, begin=-n - 1, end=-1)
        return F.take(part, F.arange(n - 1, -1, -1), axis=axis)
    if mode == "circular":
        return F.slice_axis(x, axis=axis, begin=-n, end=None) if before else \
            F.slice_axis(x, axis=axis, begin=0, end=n)
    raise ValueError(f"padding mode {mode!r}")


class Pad(gluon.HybridBlock):
    """PyTorch's ZeroPadNd / ConstantPadNd / ReflectionPadNd / ReplicationPadNd / CircularPadNd."""

    def __init__(self, padding, mode="constant", value=0.0, **kwargs):
        super().__init__(**kwargs)
        self._padding, self._mode, self._value = tuple(padding), mode, value

    def hybrid_forward(self, F, x):
        return pad(F, x, self._padding, self._mode, self._value)


def pixel_unshuffle(F, x, factor):
    """(N, C, H*r, W*r) -> (N, C*r*r, H, W), PyTorch's channel order."""
    x = F.reshape(x, (0, 0, -4, -1, factor, -4, -1, factor))    # N, C, H, r, W, r
    x = F.transpose(x, axes=(0, 1, 3, 5, 2, 4))                 # N, C, r, r, H, W
    return F.reshape(F.reshape(x, (0, 0, -3, 0, 0)), (0, -3, 0, 0))


class PixelUnshuffle(gluon.HybridBlock):
    """PyTorch's nn.PixelUnshuffle(r)."""

    def __init__(self, factor, **kwargs):
        super().__init__(**kwargs)
        self._factor = factor

    def hybrid_forward(self, F, x):
        return pixel_unshuffle(F, x, self._factor)
