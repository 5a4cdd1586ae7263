"""Keras 3 (TensorFlow backend by default; the output uses keras.layers / keras.ops only): tables and idioms."""
from nnport.frameworks import Framework
from nnport.frameworks.keras import functions, layers, skeleton

FRAMEWORK = Framework("keras", layers.LAYERS, functions.FUNCTIONS, skeleton)
