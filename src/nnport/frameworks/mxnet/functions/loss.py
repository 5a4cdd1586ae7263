"""Pivot ops -> PyTorch-exact loss code for Gluon: inline F ops for mse/l1, else a helper of
support/loss.py called with F (gluon.loss classes average per sample and differ in reduction, weights
and clipping). The table is shared with Flax and Keras: frameworks/loss_functions.py."""
from nnport.frameworks.loss_functions import register_functions
from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.mxnet.support import helper

register_functions(fn, helper, "F", lead=("F",))
