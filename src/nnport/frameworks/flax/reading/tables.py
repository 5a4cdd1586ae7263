"""Flax NNX as a source: the reader tables and the source skeleton, as one Framework."""
from nnport.frameworks import Framework
from nnport.frameworks.flax import source_skeleton
from nnport.frameworks.flax.reading import attention, layers, methods, ops, pool, recurrent  # noqa: F401 (register)
from nnport.frameworks.flax.reading.registry import FUNCTIONS, LAYERS

SOURCE = Framework("flax", LAYERS, FUNCTIONS, source_skeleton)
