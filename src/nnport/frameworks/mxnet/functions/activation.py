"""Pivot ops -> Gluon: the functional forms of the activations (layers/activation.py ACTIVATIONS),
F.prelu, F.normalize, F.linear, cosine_similarity, pairwise_distance. An op an earlier family module
already writes (sigmoid, tanh: math.py) is skipped."""
from __future__ import annotations

from nnport.frameworks.mxnet.functions._registry import FUNCTIONS, fn as _fn
from nnport.frameworks.mxnet.layers.activation import ACTIVATIONS
from nnport.frameworks.mxnet.support import helper
from nnport.translate.emit import call, expr


def fn(api: str, op: str, emit, **kw):
    if api not in FUNCTIONS and not any(e.emit is not None for e in FUNCTIONS.for_op(op)):
        _fn(api, op, emit, **kw)


for _op, _act in ACTIVATIONS.items():
    fn(f"activation_{_op}", _op, _act.function)

fn("prelu", "prelu", lambda c, ctx: call(helper(ctx, "activation", "prelu"), "F", "{input}", "{weight}")(c, ctx))
