"""Shape helpers copied into translated code by name (see support/__init__.py)."""
import jax.numpy as jnp


def unfold_dim(x, dimension, size, step):
    """Tensor.unfold: windows of `size` every `step` along `dimension`; the window is the last axis."""
    dimension %= x.ndim
    starts = jnp.arange(0, x.shape[dimension] - size + 1, step)
    windows = jnp.take(x, starts[:, None] + jnp.arange(size), axis=dimension)
    return jnp.moveaxis(windows, dimension + 1, -1)
