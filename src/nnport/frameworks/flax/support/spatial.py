"""PyTorch's exact spatial arithmetic (padding modes, pooling windows, resampling indices) in JAX.

Every function takes `channels_last`: True for (N, *spatial, C) arrays, False for (N, C, *spatial)
(or unbatched (C, *spatial)); the spatial axes are the n axes before / at the end accordingly.
"""
import jax
import jax.numpy as jnp
import numpy as np


def padded_conv(lhs, rhs, window_strides, padding, *, mode, **kwargs):
    """lax.conv_general_dilated that pads the spatial axes of channels-last `lhs` with jnp.pad `mode`
    ('reflect', 'edge', 'wrap') instead of zeros: nnx.Conv(conv_general_dilated=partial(...))."""
    pads = [(0, 0)] + [tuple(p) for p in padding] + [(0, 0)]
    return jax.lax.conv_general_dilated(jnp.pad(lhs, pads, mode=mode), rhs, window_strides, "VALID",
                                        **kwargs)


def pad_last_axes(x, pad_width, **kwargs):
    """F.pad: jnp.pad of the last len(pad_width) axes of x (pairs given first axis first)."""
    return jnp.pad(x, [(0, 0)] * (x.ndim - len(pad_width)) + list(pad_width), **kwargs)


def spatial_axes(x, n, channels_last):
    """The n spatial axes of x."""
    return list(range(x.ndim - 1 - n, x.ndim - 1)) if channels_last else list(range(x.ndim - n, x.ndim))


def pool_padding(size, k, s, p, d, ceil_mode):
    """(low, high) padding that makes lax.reduce_window give PyTorch's output length."""
    span = d * (k - 1) + 1
    if not ceil_mode:
        return p, p
    out = -(-(size + 2 * p - span) // s) + 1
    if (out - 1) * s >= size + p:   # the last window must start inside the input or left padding
        out -= 1
    return p, max(p, (out - 1) * s + span - size - p)


def _windows(x, kernel_size, stride, padding, dilation, ceil_mode, channels_last):
    n = len(kernel_size)
    window, strides, dil, pads = [1] * x.ndim, [1] * x.ndim, [1] * x.ndim, [(0, 0)] * x.ndim
    for i, a in enumerate(spatial_axes(x, n, channels_last)):
        window[a], strides[a], dil[a] = kernel_size[i], stride[i], dilation[i]
        pads[a] = pool_padding(x.shape[a], kernel_size[i], stride[i], padding[i], dilation[i], ceil_mode)
    return window, strides, dil, pads


def max_pool(x, kernel_size, stride, padding, dilation, ceil_mode=False, channels_last=True):
    """PyTorch MaxPoolNd (padding counts as -inf; ceil_mode adds windows that start inside)."""
    window, strides, dil, pads = _windows(x, kernel_size, stride, padding, dilation, ceil_mode,
                                          channels_last)
    return jax.lax.reduce_window(x, -jnp.inf, jax.lax.max, window, strides, pads, window_dilation=dil)


def avg_pool(x, kernel_size, stride, padding, ceil_mode=False, count_include_pad=True,
             divisor_override=None, channels_last=True):
    """PyTorch AvgPoolNd: the window sum over the divisor PyTorch uses (window clipped to the padded
    input when count_include_pad, else to the input; or divisor_override)."""
    n = len(kernel_size)
    window, strides, _, pads = _windows(x, kernel_size, stride, padding, (1,) * n, ceil_mode,
                                        channels_last)
    total = jax.lax.reduce_window(x, 0.0, jax.lax.add, window, strides, pads)
    if divisor_override:
        return total / divisor_override
    axes = spatial_axes(x, n, channels_last)
    ones = jnp.ones([x.shape[a] if a in axes else 1 for a in range(x.ndim)], x.dtype)
    count_pads = pads
    if count_include_pad:
        ones = jnp.pad(ones, [pads[a][:1] * 2 for a in range(x.ndim)], constant_values=1)
        count_pads = [(0, hi - lo) for lo, hi in pads]
    count = jax.lax.reduce_window(ones, 0.0, jax.lax.add, window, strides, count_pads)
    return total / count


def adaptive_pool(x, output_size, reduce, channels_last=True):
    """PyTorch AdaptiveAvg/MaxPoolNd: bin i of an axis spans [floor(i*in/out), ceil((i+1)*in/out));
    `reduce` is jnp.mean or jnp.max; None in output_size keeps that axis."""
    for a, out in zip(spatial_axes(x, len(output_size), channels_last), output_size):
        size = x.shape[a]
        if out is None or out == size:
            continue
        if size % out == 0:
            shape = x.shape[:a] + (out, size // out) + x.shape[a + 1:]
            x = reduce(x.reshape(shape), axis=a + 1)
            continue
        bins = [reduce(jax.lax.slice_in_dim(x, i * size // out, -(-(i + 1) * size // out), axis=a),
                       axis=a, keepdims=True) for i in range(out)]
        x = jnp.concatenate(bins, axis=a)
    return x


def _source_scale(in_size, out_size, scale_factor, align_corners):
    if align_corners:
        return np.float32((in_size - 1) / (out_size - 1)) if out_size > 1 else np.float32(0)
    if scale_factor is not None:
        return np.float32(1.0 / scale_factor)
    return np.float32(in_size) / np.float32(out_size)


def interpolate(x, size=None, scale_factor=None, mode="nearest", align_corners=None, channels_last=True,
                n=None):
    """PyTorch F.interpolate for modes nearest, nearest-exact, linear/bilinear/trilinear
    (index arithmetic in float32, as PyTorch's CPU kernels)."""
    n = n or (len(size) if isinstance(size, (tuple, list)) else
              len(scale_factor) if isinstance(scale_factor, (tuple, list)) else x.ndim - 2)
    axes = spatial_axes(x, n, channels_last)
    sizes = size if isinstance(size, (tuple, list)) else [size] * n
    scales = scale_factor if isinstance(scale_factor, (tuple, list)) else [scale_factor] * n
    for a, out, sf in zip(axes, sizes, scales):
        in_size = x.shape[a]
        if out is None:
            out = int(np.floor(in_size * sf))
        i = np.arange(out, dtype=np.float32)
        if mode in ("nearest", "nearest-exact"):
            if out == in_size:
                continue
            scale = _source_scale(in_size, out, sf, False)
            src = (i + np.float32(0.5)) * scale if mode == "nearest-exact" else i * scale
            x = jnp.take(x, np.minimum(np.floor(src).astype(np.int64), in_size - 1), axis=a)
            continue
        scale = _source_scale(in_size, out, sf, align_corners)
        src = i * scale if align_corners else np.maximum((i + np.float32(0.5)) * scale - np.float32(0.5),
                                                           np.float32(0))
        i0 = np.minimum(src.astype(np.int64), in_size - 1)
        i1 = np.minimum(i0 + 1, in_size - 1)
        lam = (src - i0).astype(np.float32)
        shape = [1] * x.ndim
        shape[a] = out
        lam = jnp.asarray(lam).reshape(shape)
        x = jnp.take(x, i0, axis=a) * (1 - lam) + jnp.take(x, i1, axis=a) * lam
    return x


def pixel_shuffle(x, r, channels_last=True):
    """PyTorch PixelShuffle: channel c*r*r + i*r + j -> (c, h*r + i, w*r + j)."""
    if channels_last:
        *b, h, w, c = x.shape
        x = x.reshape(*b, h, w, c // (r * r), r, r)
        x = jnp.moveaxis(x, (-5, -4, -3, -2, -1), (-5, -3, -1, -4, -2))
        return x.reshape(*b, h * r, w * r, c // (r * r))
    *b, c, h, w = x.shape
    x = x.reshape(*b, c // (r * r), r, r, h, w)
    x = jnp.moveaxis(x, (-5, -4, -3, -2, -1), (-5, -3, -1, -4, -2))
    return x.reshape(*b, c // (r * r), h * r, w * r)


def pixel_unshuffle(x, r, channels_last=True):
    """PyTorch PixelUnshuffle, the inverse of pixel_shuffle."""
    if channels_last:
        *b, h, w, c = x.shape
        x = x.reshape(*b, h // r, r, w // r, r, c)
        x = jnp.moveaxis(x, (-5, -4, -3, -2, -1), (-5, -2, -4, -1, -3))
        return x.reshape(*b, h // r, w // r, c * r * r)
    *b, c, h, w = x.shape
    x = x.reshape(*b, c, h // r, r, w // r, r)
    x = jnp.moveaxis(x, (-5, -4, -3, -2, -1), (-5, -2, -4, -1, -3))
    return x.reshape(*b, c * r * r, h // r, w // r)
