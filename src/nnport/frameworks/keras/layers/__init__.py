"""Pivot ops -> Keras 3 layers (Keras as a target), one module per family."""
from nnport.frameworks.keras.layers._registry import LAYERS, layer  # noqa: F401
from nnport.frameworks.keras.layers import basic, conv, pool, spatial, spatial2, norm, activation, embedding, recurrent, attention, loss, seq  # noqa: F401,E402,E501  (families register on import)
