"""keras layers: attention and transformers (the shared table, frameworks/attention_layers.py), as
helper classes from support/attention.py; the training flag reaches their call sites."""
from nnport.frameworks.attention_layers import register
from nnport.frameworks.keras.layers._registry import layer, pass_training
from nnport.frameworks.keras.support import helper

register(layer, helper, ", **kwargs", ", **kwargs", call=pass_training)
