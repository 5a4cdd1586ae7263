"""Pivot ops -> Flax NNX layers (Flax as a target), one module per family."""
from nnport.frameworks.flax.layers._registry import LAYERS, layer  # noqa: F401
from nnport.frameworks.flax.layers import basic, conv, pool, spatial, norm, activation, embedding, recurrent, attention, loss  # noqa: F401,E402,E501  (families register on import)
