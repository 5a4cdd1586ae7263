"""PyTorch's shape and gather/scatter semantics with keras.ops (copied into translated code by name)."""
import numpy as np
from keras import ops


def squeeze(x, dim):
    """torch.squeeze(x, dim): drops the listed dims whose size is 1, leaves the others."""
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    keep = tuple(d % len(x.shape) for d in dims if x.shape[d] == 1)
    return ops.squeeze(x, keep) if keep else x


def expand(x, sizes):
    """Tensor.expand(*sizes): broadcast to sizes, -1 keeping the matching (right-aligned) axis."""
    sizes = (sizes,) if isinstance(sizes, int) else tuple(sizes)
    shape = tuple(x.shape[i - len(sizes)] if s == -1 else s for i, s in enumerate(sizes))
    return ops.broadcast_to(x, shape)


def split_sizes(x, split_size_or_sections, axis=0):
    """torch.split: pieces of split_size along axis (the last one smaller), or of the listed sizes."""
    n = x.shape[axis]
    if isinstance(split_size_or_sections, int):
        return ops.split(x, list(range(split_size_or_sections, n, split_size_or_sections)), axis=axis)
    cuts, total = [], 0
    for size in list(split_size_or_sections)[:-1]:
        total += size
        cuts.append(total)
    return ops.split(x, cuts, axis=axis)


def chunk(x, chunks, axis=0):
    """torch.chunk: pieces of ceil(size / chunks) along axis, the last one smaller (maybe fewer)."""
    step = -(-x.shape[axis] // chunks)
    return split_sizes(x, step, axis)


def corner(x, shape):
    """x[:shape[0], :shape[1], ...]: PyTorch's gather/scatter read only that corner."""
    return x[tuple(slice(0, n) for n in shape)]


def gather(input, dim, index):
    """torch.gather: out[i][j][k] = input[i][index[i][j][k]][k] for dim == 1 (index may be smaller)."""
    dim %= len(input.shape)
    shape = list(index.shape)
    shape[dim] = input.shape[dim]
    return ops.take_along_axis(corner(input, shape), index, axis=dim)


def positions(index, dim, shape):
    """Flat positions in an array of `shape` that torch.scatter writes for `index` along dim."""
    grids = np.meshgrid(*[np.arange(n) for n in index.shape], indexing="ij")
    coords = [ops.convert_to_tensor(g.astype("int32")) for g in grids]
    coords[dim] = ops.cast(index, "int32")
    flat = coords[0] * 0
    for axis, c in enumerate(coords):
        flat = flat * shape[axis] + c
    return ops.reshape(flat, (-1, 1))


def scatter(input, dim, index, src, reduce=None):
    """torch.scatter / scatter_add: input[i][index[i][j][k]][k] = src[i][j][k] for dim == 1."""
    dim %= len(input.shape)
    shape = tuple(input.shape)
    where = positions(index, dim, shape)
    src = ops.cast(ops.convert_to_tensor(src), input.dtype)
    src = ops.broadcast_to(src, tuple(index.shape)) if len(src.shape) == 0 else corner(src, index.shape)
    flat, values = ops.reshape(input, (-1,)), ops.reshape(src, (-1,))
    if reduce == "add":
        return ops.reshape(flat + ops.scatter(where, values, flat.shape), shape)
    if reduce == "multiply":
        ones = ops.ones_like(flat)
        factors = ops.scatter_update(ones, where, values)
        return ops.reshape(flat * factors, shape)
    return ops.reshape(ops.scatter_update(flat, where, values), shape)
