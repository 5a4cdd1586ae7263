"""PyTorch's broadcasting, triangle, stacking and splitting ops in Gluon (copied into translated code by
name). Functions taking `F` read no shape and run inside hybrid_forward (the block hybridizes); those
without F read concrete shapes and compute with nd (a class calling one is an imperative Block)."""
from mxnet import nd


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


def split_sizes(x, split_size_or_sections, axis=0):
    """torch.split: pieces of split_size along axis (the last one smaller) or of the listed sizes, as a
    tuple."""
    if isinstance(split_size_or_sections, int):
        cuts = tuple(range(split_size_or_sections, x.shape[axis], split_size_or_sections))
    else:
        sizes = list(split_size_or_sections)
        cuts = tuple(sum(sizes[:k + 1]) for k in range(len(sizes) - 1))
    return tuple(nd.split_v2(x, cuts, axis=axis)) if cuts else (x,)


def moved_axes(ndim, source, destination):
    """The axes of nd.transpose that move `source` to `destination` (NumPy's moveaxis)."""
    source = [source] if isinstance(source, int) else list(source)
    destination = [destination] if isinstance(destination, int) else list(destination)
    source = [s % ndim for s in source]
    destination = [d % ndim for d in destination]
    order = [a for a in range(ndim) if a not in source]
    for d, s in sorted(zip(destination, source)):
        order.insert(d, s)
    return tuple(order)


def unfold(x, dimension, size, step):
    """x.unfold(dimension, size, step): the windows along `dimension`, each as a new last axis (reads x.shape)."""
    dimension %= x.ndim
    starts = range(0, x.shape[dimension] - size + 1, step)
    windows = nd.stack(*[nd.slice_axis(x, axis=dimension, begin=i, end=i + size) for i in starts], axis=dimension)
    return nd.transpose(windows, axes=moved_axes(windows.ndim, dimension + 1, -1))


def atleast_1d(x):
    return nd.reshape(x, (1,)) if x.ndim == 0 else x


def atleast_2d(x):
    return nd.reshape(x, (1, -1)) if x.ndim < 2 else x


def atleast_3d(x):
    """torch.atleast_3d: a scalar (1, 1, 1), a vector (1, n, 1), a matrix (m, n, 1)."""
    if x.ndim == 0:
        return nd.reshape(x, (1, 1, 1))
    if x.ndim == 1:
        return nd.reshape(x, (1, -1, 1))
    return nd.expand_dims(x, axis=2) if x.ndim == 2 else x


def hstack(tensors):
    """torch.hstack: along the first axis for vectors, the second otherwise."""
    return nd.concat(*tensors, dim=0 if tensors[0].ndim == 1 else 1)


def vstack(tensors):
    """torch.vstack: vectors as rows, then along the first axis."""
    return nd.concat(*[atleast_2d(t) for t in tensors], dim=0)


def dstack(tensors):
    return nd.concat(*[atleast_3d(t) for t in tensors], dim=2)


def column_stack(tensors):
    """torch.column_stack: vectors as columns, then along the second axis."""
    return nd.concat(*[nd.reshape(t, (-1, 1)) if t.ndim < 2 else t for t in tensors], dim=1)


def meshgrid(F, *tensors, indexing="ij"):
    """torch.meshgrid of 1-D tensors (no shape read: each broadcast to the grid of all)."""
    k = len(tensors)
    if indexing == "xy" and k > 1:   # the 'ij' grids of (y, x, ...), the first two outputs swapped
        grids = meshgrid(F, tensors[1], tensors[0], *tensors[2:])
        return (grids[1], grids[0], *grids[2:])
    shaped = [F.reshape(t, tuple(-1 if i == j else 1 for j in range(k))) for i, t in enumerate(tensors)]
    grid = shaped[0] * 0
    for s in shaped[1:]:
        grid = F.broadcast_add(F.cast(grid, dtype="float32"), F.cast(F.zeros_like(s), dtype="float32"))
    return tuple(F.broadcast_like(s, grid) for s in shaped)


def cartesian_prod(F, *tensors):
    """torch.cartesian_prod: the rows of the 'ij' grid of the tensors."""
    if len(tensors) == 1:
        return tensors[0]
    return F.stack(*[F.reshape(g, (-1,)) for g in meshgrid(F, *tensors)], axis=1)


def broadcast_tensors(F, *tensors):
    """torch.broadcast_tensors: each expanded to the common shape (right-aligned)."""
    grid = F.cast(F.zeros_like(tensors[0]), dtype="float32")
    for t in tensors[1:]:
        grid = F.broadcast_add(grid, F.cast(F.zeros_like(t), dtype="float32"))
    return tuple(expand_as(F, t, grid) for t in tensors)


def rot90(F, x, k=1, dims=(0, 1)):
    """torch.rot90: k quarter turns from the first axis of `dims` towards the second."""
    a, b = dims
    k %= 4
    if k == 1:
        return F.swapaxes(F.flip(x, axis=b), a, b)
    if k == 2:
        return F.flip(x, axis=(a, b))
    if k == 3:
        return F.flip(F.swapaxes(x, a, b), axis=b)
    return x


def block_diag(*tensors):
    """torch.block_diag: the matrices (vectors as rows, scalars as 1x1) on the diagonal of zeros
    (reads shapes)."""
    mats = [nd.reshape(t, (1, -1)) if t.ndim < 2 else t for t in tensors]
    width = sum(m.shape[1] for m in mats)
    rows, left = [], 0
    for m in mats:
        r, n = m.shape
        parts = [nd.zeros((r, w), dtype=m.dtype) if w else None for w in (left, width - left - n)]
        parts = [p for p in (parts[0], m, parts[1]) if p is not None]
        rows.append(nd.concat(*parts, dim=1) if len(parts) > 1 else m)
        left += n
    return nd.concat(*rows, dim=0)
