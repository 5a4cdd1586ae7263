"""PyTorch's alpha dropout (for SELU networks), which MXNet 1.x has no operator for. Takes `F` first."""


def alpha_dropout(F, x, p, channels=False, mode="training"):
    """F.alpha_dropout (channels=True: F.feature_alpha_dropout, one mask per sample and channel): dropped
    units take SELU's negative saturation value, and the result keeps zero mean and unit variance. With
    mode='training', the identity outside autograd.record(train_mode=True), as F.Dropout."""
    flat = F.reshape(x, (0, 0, -1)) if channels else x
    ones = F.ones_like(F.slice_axis(flat, axis=2, begin=0, end=1)) if channels else F.ones_like(x)
    scaled = F.Dropout(ones, p=p, mode=mode)   # 0 or 1 / (1 - p); 1 where dropout is off
    keep = scaled > 0
    alpha = 1.7580993408473766
    a = 1.0 / ((alpha * alpha * p + 1) * (1 - p)) ** 0.5
    out = F.broadcast_add(F.broadcast_mul(flat, keep * a), (keep - 1) * (alpha * a) + alpha * a * p)
    out = F.where(F.broadcast_like(scaled, flat) == 1, flat, out)
    return F.reshape_like(out, x) if channels else out
