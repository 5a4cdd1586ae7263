"""Pivot ops -> PyTorch-exact loss code for Flax: inline jnp for mse/l1, else a helper from
support/loss.py (optax's losses differ in reduction, ignore_index and clamping). The table is shared
with Keras: frameworks/loss_functions.py."""
from nnport.frameworks.flax.functions._registry import fn
from nnport.frameworks.flax.support import helper
from nnport.frameworks.loss_functions import register_functions

register_functions(fn, helper, "jnp")
