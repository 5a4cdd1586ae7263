"""Elementwise math MXNet 1.x has no operator for with PyTorch's semantics. Each function takes `F`
(mx.nd, or mx.sym inside a hybridized block) first, so it runs in hybrid_forward as it is."""
import math


def broadcast_pair(F, a, b):
    """a and b broadcast against each other (F.where needs equal shapes); inf and nan kept."""
    shape = F.broadcast_add(F.zeros_like(a), F.zeros_like(b))
    return F.broadcast_add(a, shape), F.broadcast_add(b, shape)


def round_half_even(F, x):
    """torch.round: halves to the nearest even integer (F.round rounds them away from zero)."""
    half = F.abs(x - F.trunc(x)) == 0.5
    return F.where(half, 2 * F.round(x / 2), F.round(x))


def atan2(F, y, x):
    """torch.atan2(y, x): the angle of (x, y) in (-pi, pi]."""
    y, x = broadcast_pair(F, y, x)
    base = F.arctan(y / F.where(x == 0, F.ones_like(x), x))
    pi = F.where(y >= 0, F.ones_like(y), -F.ones_like(y)) * math.pi
    half = F.sign(y) * (math.pi / 2)
    return F.where(x > 0, base, F.where(x < 0, base + pi, half))


def fmax(F, a, b):
    """torch.fmax: the maximum, a nan ignored where the other value is a number."""
    a, b = broadcast_pair(F, a, b)
    return F.where(a != a, b, F.where(b != b, a, F.maximum(a, b)))


def fmin(F, a, b):
    """torch.fmin: the minimum, a nan ignored where the other value is a number."""
    a, b = broadcast_pair(F, a, b)
    return F.where(a != a, b, F.where(b != b, a, F.minimum(a, b)))


def nan_to_num(F, x, nan=0.0, posinf=None, neginf=None):
    """torch.nan_to_num: nan, +inf and -inf replaced (infinities by float32's extremes by default)."""
    big = 3.4028234663852886e38
    posinf = big if posinf is None else posinf
    neginf = -big if neginf is None else neginf
    ones = F.ones_like(x)
    x = F.where(x != x, ones * nan, x)
    x = F.where(x == math.inf, ones * posinf, x)
    return F.where(x == -math.inf, ones * neginf, x)


def isfinite(F, x):
    """torch.isfinite: neither nan nor infinite (1 or 0)."""
    return (x == x) * (F.abs(x) != math.inf)
