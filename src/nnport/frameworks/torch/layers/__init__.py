"""PyTorch layer classes -> pivot ops, one module per family. Canonical argument names are PyTorch's."""
from nnport.frameworks.torch.layers._registry import LAYERS, layer  # noqa: F401
from nnport.frameworks.torch.layers import basic, conv, pool, spatial, spatial2, norm, activation, embedding, recurrent, attention, loss, seq, lazy, helpers  # noqa: F401,E402,E501  (families register on import)
