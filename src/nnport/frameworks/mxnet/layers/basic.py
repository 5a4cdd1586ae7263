"""Pivot ops -> Gluon layers: Dense, flatten, activations as layers (convolutions: conv.py)."""
from __future__ import annotations

from nnport.frameworks.mxnet.layers._registry import layer
from nnport.frameworks.spec import Unsupported, W
from nnport.translate.emit import call

DENSE_SIG = ("self, units, activation=None, use_bias=True, flatten=True, dtype='float32', "
             "weight_initializer=None, bias_initializer='zeros', in_units=0, **kwargs")
# Dense flattens inputs of rank > 2 by default; nn.Linear maps the last axis: flatten=False
layer("mxnet.gluon.nn.Dense", "linear", DENSE_SIG,
      call("nn.Dense", "{out_features}", use_bias="{bias}", flatten="False", in_units="{in_features}", sig=DENSE_SIG),
      weights={"weight": W("weight", "out,in"), "bias": W("bias", "out")})

layer("mxnet.gluon.nn.Flatten", "flatten", "self, **kwargs",
      lambda c, ctx: _flatten_layer(c, ctx))


def _flatten_layer(c, ctx):
    """nn.Flatten() keeps the first axis only; other axes: a HybridLambda of the functional form."""
    if (c.lit("start_dim"), c.lit("end_dim")) != (1, -1):
        from nnport.frameworks.mxnet.layers.spatial import as_lambda
        return as_lambda("flatten")(c, ctx)
    return "nn.Flatten()"


ACTIVATION_SIG = "self, activation, **kwargs"
layer("mxnet.gluon.nn.Activation", "relu", ACTIVATION_SIG, lambda c, ctx: "nn.Activation('relu')")
