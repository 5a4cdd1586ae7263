"""MXNet Gluon 1.9 (HybridBlock, F.* operators): tables and idioms. Gluon needs numpy<1.24, so its
models run in their own interpreter (.venv-mxnet); translating to Gluon needs no mxnet."""
from nnport.frameworks import Framework
from nnport.frameworks.mxnet import functions, layers, skeleton

FRAMEWORK = Framework("mxnet", layers.LAYERS, functions.FUNCTIONS, skeleton)
