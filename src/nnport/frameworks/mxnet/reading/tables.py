"""Gluon as a source: the reader tables and the source skeleton, as one Framework."""
from nnport.frameworks import Framework
from nnport.frameworks.mxnet import source_skeleton
from nnport.frameworks.mxnet.reading import helpers, initial, layers, ops, training  # noqa: F401 (register)
from nnport.frameworks.mxnet.reading.registry import FUNCTIONS, LAYERS

SOURCE = Framework("mxnet", LAYERS, FUNCTIONS, source_skeleton)
