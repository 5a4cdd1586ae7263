"""Channels-last Flax layers that take and return channels-first arrays.

Used only where nnport cannot see every call site of a layer (built in a helper function, inside a
Sequential that mixes layouts); elsewhere the translated code moves axes at the call site.
"""
import jax.numpy as jnp
from flax import nnx


class ChannelsFirstConv(nnx.Conv):
    """nnx.Conv on (N, C, *spatial) input, like PyTorch's ConvNd."""

    def __call__(self, x):
        return jnp.moveaxis(super().__call__(jnp.moveaxis(x, 1, -1)), -1, 1)


class ChannelsFirstConvTranspose(nnx.ConvTranspose):
    """nnx.ConvTranspose on (N, C, *spatial) input, like PyTorch's ConvTransposeNd."""

    def __call__(self, x):
        return jnp.moveaxis(super().__call__(jnp.moveaxis(x, 1, -1)), -1, 1)
