"""Loss modules (no weights) -> the loss function itself, a functools.partial of it holding the
module's options, or a lambda for the inline mse/l1 losses (frameworks/loss_functions.py)."""
from nnport.frameworks.keras.layers._registry import layer
from nnport.frameworks.keras.support import helper
from nnport.frameworks.loss_functions import register_layers

register_layers(layer, helper, "ops")
