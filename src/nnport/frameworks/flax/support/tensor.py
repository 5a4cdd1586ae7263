"""PyTorch's gather/scatter on JAX arrays (copied into translated code by name).

`jnp.take_along_axis` broadcasts the index against the input; PyTorch instead lets the index be smaller
than the input in every dim and reads/writes only that corner. Open index grids give exactly that.
"""
import jax.numpy as jnp


def gather(input, dim, index):
    """torch.gather: out[i][j][k] = input[i][index[i][j][k]][k] for dim == 1 (index may be smaller)."""
    idx = list(jnp.indices(index.shape, sparse=True))
    idx[dim % input.ndim] = index
    return input[tuple(idx)]


def scatter(input, dim, index, src, reduce=None):
    """torch.scatter / scatter_add: input[i][index[i][j][k]][k] = src[i][j][k] for dim == 1."""
    idx = list(jnp.indices(index.shape, sparse=True))
    idx[dim % input.ndim] = index
    src = jnp.asarray(src, dtype=input.dtype)
    if src.ndim:
        src = src[tuple(slice(0, n) for n in index.shape)]
    at = input.at[tuple(idx)]
    if reduce == "add":
        return at.add(src)
    if reduce == "multiply":
        return at.multiply(src)
    return at.set(src)


def squeeze(x, dim):
    """torch.squeeze(x, dim): drops `dim` only if its size is 1 (jnp.squeeze raises otherwise)."""
    return jnp.squeeze(x, dim) if x.shape[dim] == 1 else x


def split_sizes(x, split_size_or_sections, axis=0):
    """torch.split: pieces of split_size along axis (the last one smaller), or of the listed sizes."""
    if isinstance(split_size_or_sections, int):
        return jnp.split(x, list(range(split_size_or_sections, x.shape[axis], split_size_or_sections)),
                         axis=axis)
    cuts, total = [], 0
    for size in list(split_size_or_sections)[:-1]:
        total += size
        cuts.append(total)
    return jnp.split(x, cuts, axis=axis)
