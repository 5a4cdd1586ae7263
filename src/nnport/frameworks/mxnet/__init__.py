"""MXNet Gluon 1.9 (HybridBlock, F.* operators): tables and idioms. Gluon needs numpy<1.24, so its
models run in their own interpreter (.venv-mxnet); translating to Gluon needs no mxnet."""
from nnport.frameworks import Framework
from nnport.frameworks.mxnet import functions, layers, skeleton

FRAMEWORK = Framework("mxnet", layers.LAYERS, functions.FUNCTIONS, skeleton)


def __getattr__(name):
    """`SOURCE`: Gluon as a source (reader tables, source skeleton), built on first use."""
    if name == "SOURCE":
        from nnport.frameworks.mxnet.reading import tables
        return tables.SOURCE
    raise AttributeError(name)
