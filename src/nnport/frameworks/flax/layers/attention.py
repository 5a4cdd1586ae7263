"""flax layers: attention and transformers (the shared table, frameworks/attention_layers.py), as
helper classes from support/attention.py."""
from nnport.frameworks.attention_layers import register
from nnport.frameworks.flax.layers._registry import layer
from nnport.frameworks.flax.support import helper

register(layer, helper, ", *, rngs")
