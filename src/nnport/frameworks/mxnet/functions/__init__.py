"""Pivot ops -> Gluon F.* operators (mx.nd / mx.sym), one module per family."""
from nnport.frameworks.mxnet.functions._registry import FUNCTIONS, fn  # noqa: F401
from nnport.frameworks.mxnet.functions import basic, init  # noqa: F401,E402  (families register on import)
from nnport.frameworks.mxnet.functions import attention  # noqa: F401,E402
from nnport.frameworks.mxnet.functions import seq  # noqa: F401,E402
from nnport.frameworks.mxnet.functions import math, linalg, reduction  # noqa: F401,E402
from nnport.frameworks.mxnet.functions import activation, dropout  # noqa: F401,E402
from nnport.frameworks.mxnet.functions import shape  # noqa: F401,E402
from nnport.frameworks.mxnet.functions import tensor  # noqa: F401,E402
from nnport.frameworks.mxnet.functions import creation  # noqa: F401,E402
from nnport.frameworks.mxnet.functions import stacking  # noqa: F401,E402
from nnport.frameworks.mxnet.functions import loss  # noqa: F401,E402
from nnport.frameworks.mxnet.functions import indexing  # noqa: F401,E402
from nnport.frameworks.mxnet.functions import conv  # noqa: F401,E402
from nnport.frameworks.mxnet.functions import pool  # noqa: F401,E402
from nnport.frameworks.mxnet.functions import spatial  # noqa: F401,E402
from nnport.frameworks.mxnet.functions import embedding  # noqa: F401,E402
from nnport.frameworks.mxnet.functions import norm  # noqa: F401,E402
from nnport.frameworks.mxnet.functions import parametrize  # noqa: F401,E402
from nnport.frameworks.mxnet.functions import optim, schedules, data  # noqa: F401,E402  (training code)
