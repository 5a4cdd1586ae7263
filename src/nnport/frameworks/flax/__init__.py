"""Flax NNX (JAX): tables and idioms."""
from nnport.frameworks import Framework
from nnport.frameworks.flax import functions, layers, skeleton

FRAMEWORK = Framework("flax", layers.LAYERS, functions.FUNCTIONS, skeleton)
