"""Pivot ops -> Gluon layers (Gluon as a target), one module per family."""
from nnport.frameworks.mxnet.layers._registry import LAYERS, layer  # noqa: F401
from nnport.frameworks.mxnet.layers import basic  # noqa: F401,E402  (families register on import)
from nnport.frameworks.mxnet.layers import conv  # noqa: F401,E402
from nnport.frameworks.mxnet.layers import pool  # noqa: F401,E402
from nnport.frameworks.mxnet.layers import norm  # noqa: F401,E402
from nnport.frameworks.mxnet.layers import spatial  # noqa: F401,E402
from nnport.frameworks.mxnet.layers import embedding  # noqa: F401,E402
from nnport.frameworks.mxnet.layers import recurrent  # noqa: F401,E402
from nnport.frameworks.mxnet.layers import attention  # noqa: F401,E402
from nnport.frameworks.mxnet.layers import seq  # noqa: F401,E402
from nnport.frameworks.mxnet.layers import activation  # noqa: F401,E402
from nnport.frameworks.mxnet.layers import loss  # noqa: F401,E402
from nnport.frameworks.mxnet.layers import parametrize  # noqa: F401,E402
