"""Pivot ops -> JAX functions (jax.numpy, jax.nn, jax.lax) for Flax targets."""
from __future__ import annotations

from nnport.frameworks.flax.functions._registry import fn
from nnport.translate.emit import call




def _shape(c, ctx):
    return list(c.varargs) if c.varargs else c.get("shape")


fn("jax.nn.relu", "relu", call("jax.nn.relu", "{input}"))
fn("jnp.reshape", "reshape", call(".reshape", "{input}", _shape))
