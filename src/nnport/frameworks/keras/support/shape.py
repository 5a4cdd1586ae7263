"""PyTorch's stacking, splitting, rotation and index-grid semantics with keras.ops where keras.ops has
no such op or differs (copied into translated code by name)."""
from keras import ops


def _tensors(xs):
    return xs[0] if len(xs) == 1 else tuple(xs)


def atleast_1d(*xs):
    """torch.atleast_1d: a 0-d tensor becomes (1,); one tensor in, one out; several: a tuple."""
    return _tensors([ops.reshape(x, (1,)) if ops.ndim(x) == 0 else x for x in xs])


def atleast_2d(*xs):
    """torch.atleast_2d: (N,) becomes (1, N), a 0-d tensor (1, 1)."""
    return _tensors([ops.reshape(x, (1, -1)) if ops.ndim(x) < 2 else x for x in xs])


def atleast_3d(*xs):
    """torch.atleast_3d (NumPy's rule): (N,) becomes (1, N, 1), (M, N) (M, N, 1), a 0-d tensor (1, 1, 1)."""
    def one(x):
        if ops.ndim(x) == 0:
            return ops.reshape(x, (1, 1, 1))
        if ops.ndim(x) == 1:
            return ops.reshape(x, (1, -1, 1))
        return ops.expand_dims(x, -1) if ops.ndim(x) == 2 else x
    return _tensors([one(x) for x in xs])


def broadcast_tensors(*xs):
    """torch.broadcast_tensors: each tensor broadcast to the shape they broadcast to together."""
    n = max(len(x.shape) for x in xs)
    shape = [1] * n
    for x in xs:
        for i, d in enumerate(x.shape, n - len(x.shape)):
            shape[i] = d if shape[i] == 1 else shape[i]
    return tuple(ops.broadcast_to(x, shape) for x in xs)


def vstack(xs):
    """torch.vstack: 1-D tensors become rows (ops.vstack concatenates them as they are)."""
    return ops.concatenate([ops.reshape(x, (1, -1)) if ops.ndim(x) < 2 else x for x in xs], axis=0)


def column_stack(xs):
    """torch.column_stack: 1-D (and 0-d) tensors become columns, then side by side."""
    return ops.concatenate([ops.reshape(x, (-1, 1)) if ops.ndim(x) < 2 else x for x in xs], axis=1)


def tensor_split(x, indices_or_sections, axis=0):
    """torch.tensor_split: `n` nearly equal pieces (the first ones one longer), or cut at the indices."""
    if isinstance(indices_or_sections, int):
        return ops.array_split(x, indices_or_sections, axis=axis)
    return ops.split(x, list(indices_or_sections), axis=axis)


def rot90(x, k=1, dims=(0, 1)):
    """torch.rot90: k quarter turns from the first towards the second of dims (NumPy's rule; TensorFlow's
    ops.rot90 mixes the elements up for k = 2 on a non-square plane)."""
    a, b = dims
    k %= 4
    if k == 0:
        return x
    if k == 2:
        return ops.flip(ops.flip(x, a), b)
    if k == 1:
        return ops.swapaxes(ops.flip(x, b), a, b)
    return ops.flip(ops.swapaxes(x, a, b), b)


def block_diag(*xs):
    """torch.block_diag: the tensors (0-d, 1-D as a row, 2-D) on the diagonal of a zero matrix."""
    xs = [ops.reshape(x, (1, -1)) if ops.ndim(x) < 2 else x for x in xs]
    width = sum(x.shape[1] for x in xs)
    rows, left = [], 0
    for x in xs:
        rows.append(ops.pad(x, [[0, 0], [left, width - left - x.shape[1]]]))
        left += x.shape[1]
    return ops.concatenate(rows, axis=0)


def tril_indices(row, col, offset=0, dtype="int64"):
    """torch.tril_indices: the (2, N) row and column indices of the lower triangle, row by row."""
    pairs = [(i, j) for i in range(row) for j in range(col) if j - i <= offset]
    return ops.convert_to_tensor([[i for i, _ in pairs], [j for _, j in pairs]], dtype=dtype)


def triu_indices(row, col, offset=0, dtype="int64"):
    """torch.triu_indices: the (2, N) row and column indices of the upper triangle, row by row."""
    pairs = [(i, j) for i in range(row) for j in range(col) if j - i >= offset]
    return ops.convert_to_tensor([[i for i, _ in pairs], [j for _, j in pairs]], dtype=dtype)
