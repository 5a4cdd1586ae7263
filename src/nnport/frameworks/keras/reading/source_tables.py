"""Keras as a source: the reader tables and the source skeleton, as one Framework."""
from nnport.frameworks import Framework
from nnport.frameworks.keras import source_skeleton
from nnport.frameworks.keras.reading import (  # noqa: F401 (register)
    initializers, layers_cst, ops_keras, ops_more, ops_tf, support_readers, training)
from nnport.frameworks.keras.reading.source_registry import FUNCTIONS, LAYERS

SOURCE = Framework("keras", LAYERS, FUNCTIONS, source_skeleton)
