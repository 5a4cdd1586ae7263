"""PyTorch's pixel shuffle on channels-first tensors (Keras's depth_to_space orders channels differently)."""
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
