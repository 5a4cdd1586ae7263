"""PyTorch's gather / scatter family with its exact semantics, copied into translated Gluon code.
Every function takes `F` first (it runs inside hybrid_forward) and needs no shapes or rank, so the
block still hybridizes: positions come from F.contrib.index_array, a scatter compares each element's
position along `dim` with every index (`hits`, one extra last axis K) and reduces over K. `dim` is a
Python int (negative counts from the end). index_update and masked_rows (index assignment, boolean
masks) need concrete arrays: they take no F and make their caller an imperative Block."""
import numpy as np
from mxnet import nd


def _around(dim):
    """(axis of a new axis inserted before dim, axis of dim after that insertion)."""
    return (dim, dim + 1) if dim >= 0 else (dim - 1, dim)


def gather(F, input, dim, index):
    """torch.gather: out[..., j, ...] = input[..., index[..., j, ...], ...] along dim; index may be
    shorter than input on the other axes too (the leading part of input is read)."""
    new, axis = _around(dim)
    data = F.expand_dims(input, axis=new)   # a new axis for the K picks per position
    where = F.expand_dims(index, axis=axis)
    data = F.broadcast_like(data, where, lhs_axes=(new,), rhs_axes=(new,))
    data = F.slice_like(data, F.broadcast_like(where, data, lhs_axes=(axis,), rhs_axes=(axis,)))
    return F.pick(data, index, axis=axis)


def _last(F, x, dim):
    """x with axis dim moved to a new last axis (a size-1 axis left at dim)."""
    return F.swapaxes(F.expand_dims(x, axis=-1), dim1=dim if dim >= 0 else dim - 1, dim2=-1)


def _fit(F, input, dim, index, src):
    """index and src cut to index's shape and set on input's other axes: -1 (no position) where index
    is shorter than input. Returns (index, src), both with input's sizes except K along dim."""
    like = F.broadcast_like(F.slice_axis(input, axis=dim, begin=0, end=1), index, lhs_axes=(dim,), rhs_axes=(dim,))
    coords = F.contrib.index_array(like)
    limit = F.shape_array(index)
    inside = F.min(F.broadcast_lesser(coords, limit), axis=-1)
    coords = F.broadcast_minimum(coords, limit - 1)
    first = F.reshape_like(F.transpose(F.reshape(coords, shape=(-1, 0), reverse=True)), like,
                           lhs_begin=1, lhs_end=None, rhs_begin=0, rhs_end=None)
    index = F.where(inside, F.gather_nd(F.cast(index, dtype="int64"), first), F.zeros_like(inside) - 1)
    return index, F.gather_nd(src, first)


def hits(F, input, dim, index):
    """(hit, position of each index along K): hit[..., k] is 1 where the k-th index along dim of the
    element's row is the element's position (input's shape + (K,)); `index` has input's shape except
    along dim, or is 1-d (index_add & co.)."""
    pos = F.contrib.index_array(input, axes=(dim,))
    return F.broadcast_equal(pos, F.cast(index, dtype="int64"))


def _values(F, hit, src_last):
    """src (moved to the last axis) at every hit, and zeros elsewhere (hit's shape, src's dtype)."""
    src = F.broadcast_like(src_last, hit)
    return F.where(hit, src, F.zeros_like(src)), src


def _last_wins(F, input, hit, src):
    """Where any index hits an element, the value of the last one that does (PyTorch's CPU order)."""
    order = F.broadcast_mul(hit, F.contrib.arange_like(hit, axis=-1) + 1)
    best = F.max(order, axis=-1) - 1
    return F.where(best >= 0, F.pick(src, F.maximum(best, 0), axis=-1), input)


def scatter(F, input, dim, index, src, reduce=None):
    """torch.scatter / scatter_add (reduce='add') / reduce='multiply'; `src` an array or a number."""
    if isinstance(src, (int, float)):   # value=: a number at every index (input's dtype)
        like = F.broadcast_like(F.slice_axis(input, axis=dim, begin=0, end=1), index, lhs_axes=(dim,), rhs_axes=(dim,))
        src = F.ones_like(like) * src
    index, src = _fit(F, input, dim, index, src)
    hit = hits(F, input, dim, _last(F, index, dim))
    picked, src = _values(F, hit, _last(F, src, dim))
    if reduce == "add":
        return input + F.sum(picked, axis=-1)
    if reduce == "multiply":
        return input * F.prod(F.where(hit, src, F.ones_like(src)), axis=-1)
    return _last_wins(F, input, hit, src)


def scatter_reduce(F, input, dim, index, src, reduce, include_self=True):
    """torch.scatter_reduce: reduce src into input at index along dim ('sum', 'prod', 'mean', 'amax',
    'amin'); elements no index hits keep input's value."""
    index, src = _fit(F, input, dim, index, src)
    hit = hits(F, input, dim, _last(F, index, dim))
    picked, src = _values(F, hit, _last(F, src, dim))
    hit_any = F.sum(hit, axis=-1) > 0
    if reduce in ("sum", "mean"):
        base = input if include_self else F.where(hit_any, F.zeros_like(input), input)
        out = base + F.sum(picked, axis=-1)
        if reduce == "sum":
            return out
        count = F.sum(F.where(hit, F.ones_like(src), F.zeros_like(src)), axis=-1) + (1 if include_self else 0)
        count = F.maximum(count, F.ones_like(count))   # input's dtype
        rest = F.broadcast_mod(out, count)   # integers: floor division (rest / count is then 0); floats: exact
        return (out - rest) / count + rest / count
    if reduce == "prod":
        base = input if include_self else F.where(hit_any, F.ones_like(input), input)
        return base * F.prod(F.where(hit, src, F.ones_like(src)), axis=-1)
    pick = F.max if reduce == "amax" else F.min
    other = F.min if reduce == "amax" else F.max   # the neutral fill: the extreme of the hits themselves
    fill = F.broadcast_like(F.expand_dims(other(src, axis=-1), axis=-1), src)
    best = pick(F.where(hit, src, fill), axis=-1)
    if include_self:
        best = (F.maximum if reduce == "amax" else F.minimum)(best, input)
    return F.where(hit_any, best, input)


def index_along(F, input, dim, index, values, how="copy", alpha=1):
    """torch.index_copy / index_add (how='add', values scaled by alpha) / index_fill (values a number):
    the slices `index` (1-d) along dim replaced by, or increased by, the slices of values in order."""
    hit = hits(F, input, dim, index)
    if how == "fill":
        return F.where(F.sum(hit, axis=-1) > 0, F.ones_like(input) * values, input)
    picked, src = _values(F, hit, _last(F, values, dim))
    if how == "add":
        return input + alpha * F.sum(picked, axis=-1)
    return _last_wins(F, input, hit, src)


def masked_scatter(F, input, mask, source):
    """torch.masked_scatter: the True positions of mask (row-major) take source's leading elements."""
    input = F.broadcast_add(input, F.zeros_like(mask))
    mask = F.broadcast_add(mask, F.zeros_like(input))
    taken = F.cumsum(F.reshape(mask, shape=(-1,))) - 1   # the k-th True reads source[k]
    values = F.take(F.reshape(source, shape=(-1,)), F.maximum(taken, 0))
    return F.where(mask, F.reshape_like(values, input), input)


def where(F, condition, input, other):
    """torch.where of arrays: the three broadcast together (F.where needs equal shapes)."""
    a = F.broadcast_add(input, F.zeros_like(other))
    b = F.broadcast_add(other, F.zeros_like(input))
    return F.where(F.broadcast_like(condition, a), a, b)


def index_put(F, input, values, *indices, accumulate=False):
    """torch.index_put: input[indices] = values (added with accumulate=True, duplicates summed); the
    index arrays broadcast together and pick along input's leading axes (at least one axis is left);
    values broadcast to the picked shape."""
    indices = [F.cast(i, dtype="int64") for i in indices]
    n, zero = 0, None
    for i in indices:
        n, zero = n + 1, i * 0 if zero is None else F.broadcast_add(zero, i * 0)
    indices = [F.broadcast_add(i, zero) for i in indices]
    picked = F.gather_nd(input, F.stack(*indices, axis=0))   # the shape values broadcast to
    values = F.broadcast_add(F.zeros_like(picked), values)
    flat = F.stack(*[F.reshape(i, shape=(-1,)) for i in indices], axis=0)   # (n, P)
    hit = F.min(F.broadcast_equal(F.expand_dims(F.contrib.index_array(input, axes=tuple(range(n))), axis=-1),
                                  flat), axis=-2)   # input's shape + (P,)
    row = input
    for axis in range(n):
        row = F.slice_axis(row, axis=axis, begin=0, end=1)
    row = F.reshape(row, shape=(-1,))   # (R,): one row of what each index pair selects
    rows = F.broadcast_add(F.expand_dims(F.zeros_like(F.take(row, F.zeros_like(F.reshape(zero, shape=(-1,))))), 1),
                           F.expand_dims(F.zeros_like(row), 0))   # (P, R)
    values = F.reshape_like(F.transpose(F.reshape_like(values, rows)), input, lhs_begin=0, lhs_end=1,
                            rhs_begin=n, rhs_end=None)   # (rest..., P)
    src = F.broadcast_add(values, F.expand_dims(F.zeros_like(input), axis=-1))
    if accumulate:
        return input + F.sum(F.where(hit, src, F.zeros_like(src)), axis=-1)
    return _last_wins(F, input, hit, src)


def updated(how, old, value):
    """old += value & co. (how: "add", "subtract", "multiply", "divide"), or value ("set")."""
    if how == "add":
        return old + value
    if how == "subtract":
        return old - value
    if how == "multiply":
        return old * value
    return old / value if how == "divide" else value


def index_update(x, key, value, how="set", rows=True):
    """PyTorch's index assignment x[key] = value (how: also "add", "subtract", "multiply", "divide"
    for +=...), in place on the NDArray, imperatively. A boolean mask (a float or bool array: MXNet's
    comparisons give floats, integer indices are ints) over x's leading axes selects its True
    elements; value is broadcast to them, or has one row per True element, in row-major order
    (rows=False: value is x-shaped, read at the True elements). It needs concrete arrays: the
    class calling it is an imperative Block."""
    mask = key[0] if len(key) == 1 and isinstance(key[0], nd.NDArray) else None
    if mask is None or np.dtype(mask.dtype).kind not in "fb":
        x[key] = updated(how, x[key], value)
        return x
    rest = x.ndim - mask.ndim
    where = nd.broadcast_to(nd.reshape(mask, shape=mask.shape + (1,) * rest), shape=x.shape)
    if not isinstance(value, nd.NDArray):
        value = nd.full(x.shape, value, dtype=x.dtype)
    elif rows and value.ndim == rest + 1 and value.shape[0] > 1:   # one row per True element: the k-th takes row k
        taken = nd.cumsum(nd.reshape(mask, shape=(-1,))) - 1
        rows = nd.take(nd.reshape(value, shape=(-1,) + x.shape[mask.ndim:]), nd.maximum(taken, 0), axis=0)
        value = nd.reshape(rows, shape=x.shape)
    value = nd.broadcast_to(value.astype(x.dtype), shape=x.shape)
    new = updated(how, x, value)
    x[:] = nd.where(where, new, x)
    return x


def masked_rows(x, mask):
    """x[mask] for a boolean mask over x's leading axes: the rows at its True elements, row-major (as
    PyTorch; a data-dependent shape, so imperative; MXNet 1.x has no empty arrays: no True fails)."""
    rows = nd.reshape(x, shape=(-1,) + x.shape[mask.ndim:])
    return nd.contrib.boolean_mask(rows, nd.reshape(nd.broadcast_to(mask, shape=x.shape[:mask.ndim]), shape=(-1,)))
