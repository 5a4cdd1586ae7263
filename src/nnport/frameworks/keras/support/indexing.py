"""Index assignment on immutable Keras tensors (`x[i] = v`, `x[i] += v`): a scatter into a copy."""
import numpy as np
from keras import ops


def index_update(x, index, value, how="set"):
    """x with x[index] set to value (or added, subtracted, multiplied, divided): PyTorch's in-place
    index assignment. The positions come from indexing an array of positions with the same index."""
    shape = tuple(x.shape)
    index = tuple(ops.convert_to_numpy(i) if hasattr(i, "shape") and not isinstance(i, np.ndarray) else i
                  for i in index)
    where = np.arange(int(np.prod(shape))).reshape(shape)[index]
    flat = ops.reshape(x, (-1,))
    pos = ops.convert_to_tensor(where.reshape(-1, 1).astype("int32"))
    value = ops.cast(ops.broadcast_to(ops.convert_to_tensor(value), where.shape), x.dtype)
    if how != "set":
        old = ops.take(flat, pos[:, 0])
        new = ops.reshape(value, (-1,))
        value = {"add": old + new, "subtract": old - new, "multiply": old * new, "divide": old / new}[how]
    return ops.reshape(ops.scatter_update(flat, pos, ops.reshape(value, (-1,))), shape)


def index_along(x, dim, index, values, reduction=None):
    """x with its slices `index` along dim replaced by (or, reduction="add", increased by) the slices of
    values in index order: torch.index_copy / index_add / index_fill (a scalar value). Negative
    indices count from the end."""
    dim %= len(x.shape)
    moved = ops.moveaxis(x, dim, 0)
    index = ops.reshape(ops.cast(index, "int32"), (-1,))
    index = ops.expand_dims(ops.where(index < 0, index + ops.shape(moved)[0], index), 1)
    values = ops.cast(ops.convert_to_tensor(values), x.dtype)
    if len(values.shape) == 0:
        values = ops.broadcast_to(values, (index.shape[0],) + tuple(moved.shape[1:]))
    else:
        values = ops.moveaxis(values, dim, 0)
    return ops.moveaxis(ops.scatter_update(moved, index, values, reduction=reduction), 0, dim)


def index_put(x, indices, values, accumulate=False):
    """torch.index_put: x[indices] = values (added with accumulate=True, duplicates summed); the index
    tensors broadcast together and pick along x's leading axes. One boolean mask over leading axes
    selects its True positions instead (values: one row per True position, row-major, or broadcast)."""
    if len(indices) == 1 and ops.convert_to_tensor(indices[0]).dtype == "bool":
        return mask_put(x, indices[0], values, accumulate)
    indices = [ops.cast(i, "int32") for i in indices]
    shape = np.broadcast_shapes(*[tuple(i.shape) for i in indices])
    indices = [ops.broadcast_to(ops.where(i < 0, i + ops.shape(x)[a], i), shape) for a, i in enumerate(indices)]
    where = ops.reshape(ops.stack(indices, axis=-1), (-1, len(indices)))
    rest = tuple(x.shape[len(indices):])
    values = ops.broadcast_to(ops.cast(ops.convert_to_tensor(values), x.dtype), shape + rest)
    values = ops.reshape(values, (-1,) + rest)
    return ops.scatter_update(x, where, values, reduction="add" if accumulate else None)


def mask_put(x, mask, values, accumulate=False):
    """x[mask] = values (x[mask] += values) for a boolean mask over x's leading axes."""
    mask = ops.convert_to_tensor(mask)
    rest = tuple(x.shape[len(mask.shape):])
    values = ops.cast(ops.convert_to_tensor(values), x.dtype)
    if len(values.shape) > len(rest) and values.shape[-len(rest) - 1] == 1:   # one row, broadcast
        values = ops.reshape(values, tuple(values.shape[-len(rest):]) if rest else ())
    if len(values.shape) > len(rest):   # one row per True position: the k-th True takes row k
        taken = ops.cumsum(ops.cast(ops.reshape(mask, (-1,)), "int32")) - 1
        rows = ops.take(ops.reshape(values, (-1,) + rest), ops.maximum(taken, 0), axis=0)
        values = ops.reshape(rows, tuple(x.shape))
    where = ops.reshape(mask, tuple(mask.shape) + (1,) * len(rest))
    return ops.where(where, x + values if accumulate else values + ops.zeros_like(x), x)


def masked_scatter(input, mask, source):
    """torch.masked_scatter: the True positions of `mask` (row-major) take source's leading elements."""
    shape = np.broadcast_shapes(tuple(input.shape), tuple(mask.shape))
    input, mask = ops.broadcast_to(input, shape), ops.broadcast_to(mask, shape)
    taken = ops.cumsum(ops.cast(ops.reshape(mask, (-1,)), "int32")) - 1   # k-th True reads source[k]
    values = ops.take(ops.reshape(source, (-1,)), ops.maximum(taken, 0))
    return ops.where(mask, ops.cast(ops.reshape(values, shape), input.dtype), input)


def scatter_positions(index, dim):
    """The (N, ndim) coordinates torch.scatter* writes for `index` along dim, in row-major order."""
    index = ops.cast(index, "int32")
    ndim = len(index.shape)
    grids = []
    for axis, n in enumerate(index.shape):
        if axis == dim:
            grids.append(index)
        else:
            line = ops.reshape(ops.arange(n, dtype="int32"), tuple(n if a == axis else 1 for a in range(ndim)))
            grids.append(ops.broadcast_to(line, tuple(index.shape)))
    return ops.reshape(ops.stack(grids, axis=-1), (-1, ndim))


def scatter_reduce(input, dim, index, src, reduce, include_self=True):
    """torch.scatter_reduce: reduce src into input[..., index, ...] ('sum', 'prod', 'mean', 'amax', 'amin')."""
    input = ops.convert_to_tensor(input)   # its dtype as the backend holds it (JAX: int32 for int64)
    dim %= len(input.shape)
    where = scatter_positions(index, dim)
    src = ops.cast(ops.convert_to_tensor(src), input.dtype)[tuple(slice(0, n) for n in index.shape)]
    src = ops.reshape(src, (-1,))
    dtype = ops.dtype(input)   # "float32", "int64", ...
    floating = "float" in dtype
    if reduce in ("sum", "mean"):
        base = input if include_self else ops.scatter_update(input, where, ops.zeros_like(src))
        out = ops.scatter_update(base, where, src, reduction="add")
        if reduce == "mean":
            ones = ops.ones(src.shape, "int32")
            count = ops.scatter_update(ops.zeros(input.shape, "int32"), where, ones, reduction="add")
            count = ops.maximum(count + (1 if include_self else 0), 1)
            count = ops.cast(count, dtype)
            out = out / count if floating else ops.cast(ops.floor_divide(out, count), dtype)   # torch: int64
        return out
    fill, how = {"prod": (1, "mul"), "amax": (-np.inf, "max"), "amin": (np.inf, "min")}[reduce]
    if not include_self:
        if not floating and reduce != "prod":
            info = np.iinfo(dtype)
            fill = info.min if reduce == "amax" else info.max
        input = ops.scatter_update(input, where, ops.full(src.shape, fill, input.dtype))
    return ops.scatter_update(input, where, src, reduction=how)
