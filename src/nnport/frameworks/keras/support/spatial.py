"""PyTorch's pixel shuffle (Keras's depth_to_space orders channels differently) and F.interpolate on
channels-first tensors."""
import math

from keras import ops


def pixel_shuffle(x, r):
    """F.pixel_shuffle: (N, C * r * r, H, W) -> (N, C, H * r, W * r)."""
    n, c, h, w = x.shape
    y = ops.reshape(x, (n, c // (r * r), r, r, h, w))
    return ops.reshape(ops.transpose(y, (0, 1, 4, 2, 5, 3)), (n, c // (r * r), h * r, w * r))


def pixel_unshuffle(x, r):
    """F.pixel_unshuffle: (N, C, H * r, W * r) -> (N, C * r * r, H, W)."""
    n, c, h, w = x.shape
    y = ops.reshape(x, (n, c, h // r, r, w // r, r))
    return ops.reshape(ops.transpose(y, (0, 1, 3, 5, 2, 4)), (n, c * r * r, h // r, w // r))


def interpolate(x, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """F.interpolate on (N, C, *spatial): to `size` or by `scale_factor`, axis by axis, with PyTorch's
    source coordinates ('nearest', 'nearest-exact', and 'linear' / 'bilinear' / 'trilinear' with or
    without align_corners)."""
    n = len(x.shape) - 2
    sizes = (size,) * n if isinstance(size, int) else size
    scales = (scale_factor,) * n if isinstance(scale_factor, (int, float)) else scale_factor
    for i in range(n):
        axis, length = 2 + i, x.shape[2 + i]
        out = int(sizes[i]) if sizes is not None else int(math.floor(length * scales[i]))
        # PyTorch's step between output and input coordinates: 1 / scale_factor where one is given
        step = length / out if scales is None else 1.0 / scales[i]
        if mode in ("nearest", "nearest-exact"):
            shift = 0.5 if mode == "nearest-exact" else 0.0
            index = [min(int(math.floor((j + shift) * step)), length - 1) for j in range(out)]
            x = ops.take(x, index, axis=axis)
            continue
        if mode not in ("linear", "bilinear", "trilinear"):
            raise ValueError(f"interpolation mode {mode!r}")
        if align_corners:
            source = [j * (length - 1) / (out - 1) if out > 1 else 0.0 for j in range(out)]
        else:
            source = [max((j + 0.5) * step - 0.5, 0.0) for j in range(out)]
        low = [min(int(math.floor(s)), length - 1) for s in source]
        high = [min(lo + 1, length - 1) for lo in low]
        shape = [1] * len(x.shape)
        shape[axis] = out
        weight = ops.reshape(ops.convert_to_tensor([s - lo for s, lo in zip(source, low)], x.dtype), shape)
        a, b = ops.take(x, low, axis=axis), ops.take(x, high, axis=axis)
        x = a + (b - a) * weight
    return x


def channel_shuffle(x, groups):
    """F.channel_shuffle on (N, C, *): channel g * (C // groups) + k moves to k * groups + g."""
    y = ops.reshape(x, (-1, groups, x.shape[1] // groups) + tuple(x.shape[2:]))
    return ops.reshape(ops.swapaxes(y, 1, 2), (-1,) + tuple(x.shape[1:]))


def unfold_dim(x, dimension, size, step):
    """Tensor.unfold: windows of `size` every `step` along `dimension`; the window is the last axis."""
    dimension %= len(x.shape)
    index = [[start + k for k in range(size)] for start in range(0, x.shape[dimension] - size + 1, step)]
    windows = ops.take(x, ops.convert_to_tensor(index, "int32"), axis=dimension)
    return ops.moveaxis(windows, dimension + 1, -1)
