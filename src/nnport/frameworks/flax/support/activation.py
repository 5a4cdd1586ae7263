"""PyTorch activations without an exact jax.nn counterpart (copied into translated code)."""
import jax.numpy as jnp
from flax import nnx


def prelu(x, weight, channel_axis=1):
    """PyTorch prelu: x where x >= 0, else weight * x; a weight of several values is per channel
    (axis 1 of a batched input, axis 0 of a 1-d one; `channel_axis` for channels-last arrays)."""
    if weight.size > 1 and x.ndim > 1:
        shape = [1] * x.ndim
        shape[channel_axis] = weight.size
        weight = weight.reshape(shape)
    return jnp.where(x >= 0, x, weight * x)


class PReLU(nnx.Module):
    """PyTorch PReLU: a learned negative slope, one value or one per channel."""

    def __init__(self, num_parameters=1, init=0.25, *, channel_axis=1):
        self.weight = nnx.Param(jnp.full((num_parameters,), init, jnp.float32))
        self.channel_axis = channel_axis

    def __call__(self, x):
        return prelu(x, self.weight[...], self.channel_axis)
