"""PyTorch's broadcasting, triangle and stacking ops with F (mx.nd or mx.sym), for use in hybrid_forward:
each takes F first and reads no shape, so a block calling them still hybridizes."""


def zero_like_element(F, x):
    """A (1,) zero of x's dtype (F.zeros needs a dtype, which a Symbol does not tell)."""
    return F.zeros_like(F.slice_axis(F.reshape(x, (-1,)), axis=0, begin=0, end=1))


def expand(F, x, shape):
    """x.expand(*shape): x broadcast right-aligned as PyTorch does (new axes in front); -1 keeps x's size."""
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    zeros = F.broadcast_to(F.reshape(zero_like_element(F, x), (1,) * len(shape)),
                           shape=tuple(1 if s == -1 else s for s in shape))
    return F.broadcast_add(x, zeros)


def expand_as(F, x, other):
    """x.expand_as(other): x broadcast right-aligned to other's shape, x's dtype kept."""
    zeros = F.reshape_like(F.broadcast_like(zero_like_element(F, x), F.reshape(other, (-1,))), other)
    return F.broadcast_add(x, zeros)


def _triangle(F, x, diagonal, lower):
    rows = F.reshape(F.contrib.arange_like(x, axis=-2), (-1, 1))
    cols = F.reshape(F.contrib.arange_like(x, axis=-1), (1, -1))
    keep = F.broadcast_lesser_equal(cols, rows + diagonal) if lower else F.broadcast_greater_equal(cols, rows + diagonal)
    keep = F.broadcast_add(F.zeros_like(F.contrib.arange_like(x)), keep)   # x's shape
    return F.where(keep, x, F.zeros_like(x))


def tril(F, x, diagonal=0):
    """torch.tril: the elements on and below the `diagonal`-th diagonal of the last two axes, zeros elsewhere."""
    return _triangle(F, x, diagonal, True)


def triu(F, x, diagonal=0):
    """torch.triu: the elements on and above the `diagonal`-th diagonal of the last two axes, zeros elsewhere."""
    return _triangle(F, x, diagonal, False)


def split_sizes(F, x, split_size_or_sections, size, axis=0):
    """torch.split: pieces of split_size along axis (the last one smaller) or of the listed sizes, as a
    tuple; `size` is the axis's size."""
    if isinstance(split_size_or_sections, int):
        cuts = tuple(range(split_size_or_sections, size, split_size_or_sections))
    else:
        sizes = list(split_size_or_sections)
        cuts = tuple(sum(sizes[:k + 1]) for k in range(len(sizes) - 1))
    return tuple(F.split_v2(x, cuts, axis=axis)) if cuts else (x,)
