"""Pivot ops -> Flax NNX layers (Flax as a target), one module per family."""
from nnport.frameworks.flax.layers._registry import LAYERS, layer  # noqa: F401
from nnport.frameworks.flax.layers import basic, conv, pool, spatial, spatial2, norm, activation, embedding, recurrent, attention, loss, seq  # noqa: F401,E402,E501  (families register on import)
