"""Pivot ops -> keras.ops (and keras.random, keras.initializers) for Keras targets, one module per family."""
from nnport.frameworks.keras.functions._registry import FUNCTIONS, fn  # noqa: F401
from nnport.frameworks.keras.functions import basic, creation, shape, indexing, tensor, math, reduction, nn_functional, loss, init, spatial, spatial2, attention, seq, nnf, optim, schedules, data  # noqa: F401,E402,E501  (families register on import)
