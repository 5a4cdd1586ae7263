"""Reduction helpers copied into translated Flax code (see support/__init__.py)."""
import jax
import jax.numpy as jnp


def topk(x, k, dim=-1, largest=True):
    """torch.topk: the k largest (or smallest) entries along `dim`, sorted, as (values, indices)."""
    moved = jnp.moveaxis(x, dim, -1)
    values, indices = jax.lax.top_k(moved if largest else -moved, k)
    if not largest:
        values = -values
    return jnp.moveaxis(values, -1, dim), jnp.moveaxis(indices, -1, dim)
