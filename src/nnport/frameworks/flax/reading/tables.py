"""Flax NNX as a source: the reader tables and the source skeleton, as one Framework."""
from nnport import frameworks
from nnport.frameworks import Framework
from nnport.frameworks.flax import source_skeleton
from nnport.frameworks.flax.reading import (arrays, attention, helper_classes, helpers, layers, methods,  # noqa: F401
                                           ops, pool, recurrent, training)  # (register)
from nnport.frameworks.flax.reading.inverse import derive
from nnport.frameworks.flax.reading.registry import FUNCTIONS, LAYERS

for _entry in derive(frameworks.get("flax").functions, FUNCTIONS):   # what the Flax writer writes plainly
    FUNCTIONS.add(_entry)

SOURCE = Framework("flax", LAYERS, FUNCTIONS, source_skeleton)
