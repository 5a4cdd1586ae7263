"""PyTorch: tables and idioms (PyTorch as a source, and as a target: writers/)."""
from nnport.frameworks import Framework
from nnport.frameworks.torch import functions, layers, skeleton, writers
from nnport.frameworks.torch.writers import functions as _function_writers, layers as _layer_writers

writers.install(layers.LAYERS, _layer_writers.LAYERS)
writers.install(functions.FUNCTIONS, _function_writers.FUNCTIONS)
FRAMEWORK = Framework("torch", layers.LAYERS, functions.FUNCTIONS, skeleton)
