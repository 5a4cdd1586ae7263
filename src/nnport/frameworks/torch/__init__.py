"""PyTorch: tables and idioms."""
from nnport.frameworks import Framework
from nnport.frameworks.torch import functions, layers, skeleton

FRAMEWORK = Framework("torch", layers.LAYERS, functions.FUNCTIONS, skeleton)
