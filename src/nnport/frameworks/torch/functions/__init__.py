"""PyTorch functions, torch.nn.functional and Tensor methods -> pivot ops, one module per family.

Methods are keyed "Tensor.<name>"; the receiver becomes the canonical argument `input`.
"""
from nnport.frameworks.torch.functions._registry import FUNCTIONS, fn, method  # noqa: F401
from nnport.frameworks.torch.functions import basic, creation, shape, indexing, tensor, math, reduction, nn_functional, loss, init, spatial, spatial2, attention, seq, nnf, parametrize, optim, data  # noqa: F401,E402,E501  (families register on import)
