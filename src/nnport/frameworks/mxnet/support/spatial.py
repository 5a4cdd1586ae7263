"""Padding, pixel (un)shuffle and resampling with PyTorch's semantics, written with F so that they
hybridize (functions take F first: `pad(F, x, (1, 2))`; F is mx.nd or mx.sym)."""
from mxnet import gluon, nd


def pad(F, x, pad, mode="constant", value=0.0):
    """PyTorch's F.pad: `pad` is (before, after) of the last axis, then of the one before...; any rank;
    modes 'constant', 'reflect', 'replicate', 'circular'. Each axis grows by slices of x (concat)."""
    for axis, before, after in pad_pairs(pad):
        parts = [x]
        if before:
            parts.insert(0, _pad_side(F, x, axis, before, mode, value, True))
        if after:
            parts.append(_pad_side(F, x, axis, after, mode, value, False))
        if before or after:
            x = F.concat(*parts, dim=axis)
    return x


def pad_pairs(pad):
    """F.pad's flat sizes as (axis, before, after), the last axis (-1) first."""
    return [(-1 - i, pad[2 * i], pad[2 * i + 1]) for i in range(len(pad) // 2)]


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


def pixel_shuffle(F, x, factor):
    """(N, C*r*r, H, W) -> (N, C, H*r, W*r), PyTorch's channel order (gluon.contrib.nn.PixelShuffle2D's)."""
    x = F.reshape(x, (0, -4, -1, factor * factor, 0, 0))           # N, C, r*r, H, W
    x = F.reshape(x, (0, 0, -4, factor, factor, 0, 0))            # N, C, r, r, H, W
    x = F.transpose(x, axes=(0, 1, 4, 2, 5, 3))                   # N, C, H, r, W, r
    return F.reshape(x, (0, 0, -3, -3))


def upsample(F, x, scale, mode="nearest", align_corners=False):
    """PyTorch's interpolate by integer factors (a tuple, one per spatial axis of batched input; an
    int: 'nearest' on the two axes of 4-D input, F.UpSampling, which refuses other ranks): 'nearest'
    repeats; 'bilinear' / 'linear' are F.contrib.BilinearResize2D (a 1-D input as one row)."""
    if isinstance(scale, int):
        return F.UpSampling(x, scale=scale, sample_type="nearest")
    if mode == "nearest":
        for i, s in enumerate(scale):
            if s != 1:
                x = F.repeat(x, repeats=s, axis=2 + i)
        return x
    *height, width = scale
    if not height:
        y = F.contrib.BilinearResize2D(F.expand_dims(x, axis=2), scale_height=1.0, scale_width=float(width),
                                       align_corners=align_corners)
        return F.squeeze(y, axis=2)
    return F.contrib.BilinearResize2D(x, scale_height=float(*height), scale_width=float(width),
                                      align_corners=align_corners)


def resize(x, size=None, scale_factor=None, mode="nearest", align_corners=False):
    """PyTorch's interpolate in any of 'nearest', 'nearest-exact', 'linear', 'bilinear', 'trilinear'
    (separable: one spatial axis after the other), its float32 index rules. Reads x.shape (imperative)."""
    import math

    import numpy as np
    n = len(x.shape) - 2
    sizes = (size,) * n if isinstance(size, int) else size
    scales = (scale_factor,) * n if isinstance(scale_factor, (int, float)) else scale_factor
    for i in range(n):
        axis, length = 2 + i, x.shape[2 + i]
        out = sizes[i] if sizes is not None else int(math.floor(length * scales[i]))
        given = None if sizes is not None else scales[i]
        dst = np.arange(out, dtype=np.float32)
        if mode in ("nearest", "nearest-exact"):
            scale = np.float32(1.0 / given if given else length / out)
            src = np.floor((dst + np.float32(0.5 if mode == "nearest-exact" else 0)) * scale)
            x = nd.take(x, nd.array(np.minimum(src, length - 1)), axis=axis)
            continue
        if align_corners:
            scale = np.float32((length - 1) / (out - 1) if out > 1 else 0)
            src = dst * scale
        else:
            scale = np.float32(1.0 / given if given else length / out)
            src = np.maximum((dst + np.float32(0.5)) * scale - np.float32(0.5), 0)
        i0 = np.floor(src).astype(np.int64)
        i1 = np.minimum(i0 + 1, length - 1)
        w = (src - i0).astype(np.float32).reshape((-1,) + (1,) * (n - 1 - i))
        lo, hi = nd.take(x, nd.array(i0), axis=axis), nd.take(x, nd.array(i1), axis=axis)
        x = nd.broadcast_add(lo, nd.broadcast_mul(hi - lo, nd.array(w)))
    return x


class Upsample(gluon.HybridBlock):
    """PyTorch's nn.Upsample by integer factors (support: upsample)."""

    def __init__(self, scale, mode="nearest", align_corners=False, **kwargs):
        super().__init__(**kwargs)
        self._args = (scale if isinstance(scale, int) else tuple(scale), mode, align_corners)

    def hybrid_forward(self, F, x):
        return upsample(F, x, *self._args)


class Resize(gluon.Block):
    """PyTorch's nn.Upsample by sizes or fractional factors (reads the input's shape: imperative)."""

    def __init__(self, size=None, scale_factor=None, mode="nearest", align_corners=False, **kwargs):
        super().__init__(**kwargs)
        self._args = (size, scale_factor, mode, align_corners)

    def forward(self, x):
        return resize(x, *self._args)


def channel_shuffle(F, x, groups):
    """PyTorch's channel_shuffle: channels (g, C/g) -> (C/g, g)."""
    x = F.reshape(x, (0, -4, groups, -1, -2))
    return F.reshape(F.swapaxes(x, 1, 2), (0, -3, -2))


class ChannelShuffle(gluon.HybridBlock):
    """PyTorch's nn.ChannelShuffle."""

    def __init__(self, groups, **kwargs):
        super().__init__(**kwargs)
        self._groups = groups

    def hybrid_forward(self, F, x):
        return channel_shuffle(F, x, self._groups)


class Unfold(gluon.HybridBlock):
    """PyTorch's nn.Unfold (F.im2col: the same (N, C*kh*kw, L) order)."""

    def __init__(self, kernel, dilate=(1, 1), pad=(0, 0), stride=(1, 1), **kwargs):
        super().__init__(**kwargs)
        self._kwargs = {"kernel": kernel, "dilate": dilate, "pad": pad, "stride": stride}

    def hybrid_forward(self, F, x):
        return F.im2col(x, **self._kwargs)


class Fold(gluon.HybridBlock):
    """PyTorch's nn.Fold (F.col2im: overlapping windows add up)."""

    def __init__(self, output_size, kernel, dilate=(1, 1), pad=(0, 0), stride=(1, 1), **kwargs):
        super().__init__(**kwargs)
        self._kwargs = {"output_size": output_size, "kernel": kernel, "dilate": dilate, "pad": pad,
                        "stride": stride}

    def hybrid_forward(self, F, x):
        return F.col2im(x, **self._kwargs)


def affine_grid(F, theta, size, align_corners=False):
    """PyTorch's F.affine_grid for 2-D (theta (N, 2, 3), size (N, C, H, W)): (N, H, W, 2) sampling
    coordinates in [-1, 1]."""
    *_, h, w = size
    xs, ys = _grid_axis(F, w, align_corners), _grid_axis(F, h, align_corners)
    px, py = F.tile(xs, reps=(h,)), F.repeat(ys, repeats=w)
    base = F.stack(px, py, F.ones_like(px), axis=1)                                 # (H*W, 3)
    grid = F.dot(base, F.transpose(theta, axes=(2, 0, 1)))                          # (H*W, N, 2)
    return F.reshape(F.transpose(grid, axes=(1, 0, 2)), (0, h, w, 2))


def _grid_axis(F, n, align_corners):
    if align_corners:
        return F.arange(n) * (2.0 / (n - 1)) - 1 if n > 1 else F.arange(n) - 1
    return F.arange(n) * (2.0 / n) + (1.0 / n - 1)


def grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False):
    """PyTorch's nd.grid_sample for 4-D input: 'bilinear' or 'nearest', padding 'zeros', 'border' or
    'reflection'. Reads x.shape (imperative)."""
    n, c, h, w = x.shape
    ix = _source(nd, nd.squeeze(nd.slice_axis(grid, axis=3, begin=0, end=1), axis=3), w, padding_mode, align_corners)
    iy = _source(nd, nd.squeeze(nd.slice_axis(grid, axis=3, begin=1, end=2), axis=3), h, padding_mode, align_corners)
    flat = nd.reshape(nd.transpose(x, axes=(0, 2, 3, 1)), (-1, c))                  # (N*H*W, C)
    batch = nd.reshape(nd.arange(n), (n, 1, 1)) * (h * w)

    def at(px, py):   # values at integer positions (zero outside), (N, Ho, Wo, C)
        inside = (px >= 0) * (px <= w - 1) * (py >= 0) * (py <= h - 1)
        idx = nd.broadcast_add(batch, nd.clip(py, 0, h - 1) * w + nd.clip(px, 0, w - 1))
        return nd.broadcast_mul(nd.take(flat, idx), nd.expand_dims(inside, axis=-1))

    if mode == "nearest":
        out = at(nd.rint(ix), nd.rint(iy))
    else:
        x0, y0 = nd.floor(ix), nd.floor(iy)
        wx, wy = nd.expand_dims(ix - x0, axis=-1), nd.expand_dims(iy - y0, axis=-1)
        out = (at(x0, y0) * (1 - wx) * (1 - wy) + at(x0 + 1, y0) * wx * (1 - wy) +
               at(x0, y0 + 1) * (1 - wx) * wy + at(x0 + 1, y0 + 1) * wx * wy)
    return nd.transpose(out, axes=(0, 3, 1, 2))


def _source(F, g, size, padding_mode, align_corners):
    """Grid values in [-1, 1] -> source pixel coordinates, PyTorch's padding rules applied."""
    coord = (g + 1) / 2 * (size - 1) if align_corners else ((g + 1) * size - 1) / 2
    if padding_mode == "border":
        return F.clip(coord, 0, size - 1)
    if padding_mode == "reflection":
        low, high = (0, 2 * (size - 1)) if align_corners else (-1, 2 * size - 1)
        if low == high:
            return F.zeros_like(coord)
        span = (high - low) / 2
        d = F.abs(coord - low / 2)
        flips = F.floor(d / span)
        extra = d - flips * span
        even = (flips - 2 * F.floor(flips / 2)) == 0
        coord = F.where(even, extra + low / 2, span - extra + low / 2)
        return F.clip(coord, 0, size - 1)
    return coord
