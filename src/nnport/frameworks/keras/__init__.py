"""Keras 3 (TensorFlow backend by default; the output uses keras.layers / keras.ops only): tables and idioms."""
from nnport.frameworks import Framework
from nnport.frameworks.keras import functions, layers, skeleton

FRAMEWORK = Framework("keras", layers.LAYERS, functions.FUNCTIONS, skeleton)


def __getattr__(name):
    """`SOURCE`: Keras as a source (reader tables, source skeleton), built on first use."""
    if name == "SOURCE":
        from nnport.frameworks.keras.reading import source_tables
        return source_tables.SOURCE
    raise AttributeError(name)
