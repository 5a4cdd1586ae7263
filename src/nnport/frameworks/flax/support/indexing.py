"""PyTorch's masked_scatter and scatter_reduce on JAX arrays (copied into translated code by name)."""
import jax.numpy as jnp


def masked_scatter(input, mask, source):
    """torch.masked_scatter: the True positions of `mask` (row-major) take source's leading elements."""
    input, mask = jnp.broadcast_arrays(input, mask)
    taken = jnp.cumsum(mask.ravel()) - 1   # k-th True position reads source.ravel()[k]
    values = jnp.ravel(source)[jnp.maximum(taken, 0)].reshape(input.shape).astype(input.dtype)
    return jnp.where(mask, values, input)


def scatter_reduce(input, dim, index, src, reduce, include_self=True):
    """torch.scatter_reduce: reduce src into input[..., index, ...] ('sum', 'prod', 'mean', 'amax', 'amin')."""
    idx = list(jnp.indices(index.shape, sparse=True))
    idx[dim % input.ndim] = index
    idx = tuple(idx)
    src = jnp.asarray(src, input.dtype)[tuple(slice(0, n) for n in index.shape)]
    floating = jnp.issubdtype(input.dtype, jnp.floating)
    if reduce in ("sum", "mean"):
        base = input if include_self else input.at[idx].set(0)
        out = base.at[idx].add(src)
        if reduce == "mean":
            count = jnp.zeros(input.shape, jnp.int32).at[idx].add(1) + (1 if include_self else 0)
            count = jnp.maximum(count, 1)
            out = out / count if floating else out // count
        return out
    if reduce == "prod":
        base = input if include_self else input.at[idx].set(1)
        return base.at[idx].multiply(src)
    if reduce == "amax":
        low = -jnp.inf if floating else jnp.iinfo(input.dtype).min
        base = input if include_self else input.at[idx].set(low)
        return base.at[idx].max(src)
    if reduce == "amin":
        high = jnp.inf if floating else jnp.iinfo(input.dtype).max
        base = input if include_self else input.at[idx].set(high)
        return base.at[idx].min(src)
    raise ValueError(f"scatter_reduce: unknown reduce {reduce!r}")
