"""Flax NNX (JAX): tables and idioms."""
from nnport.frameworks import Framework
from nnport.frameworks.flax import functions, layers, skeleton

FRAMEWORK = Framework("flax", layers.LAYERS, functions.FUNCTIONS, skeleton)


def __getattr__(name):
    """`SOURCE`: Flax NNX as a source (reader tables, source skeleton), built on first use."""
    if name == "SOURCE":
        from nnport.frameworks.flax.reading import tables
        return tables.SOURCE
    raise AttributeError(name)
