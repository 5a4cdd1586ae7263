"""Pivot ops -> PyTorch-exact loss code for Keras: inline keras.ops for mse/l1, else a helper from
support/loss.py (keras.losses differ in reduction, argument order, clipping and the class axis). The
table is shared with Flax: frameworks/loss_functions.py."""
from nnport.frameworks.keras.functions._registry import fn
from nnport.frameworks.keras.support import helper
from nnport.frameworks.loss_functions import register_functions

register_functions(fn, helper, "ops")
