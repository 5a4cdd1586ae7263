"""Pivot ops -> Keras layers: Dense, convolutions, flatten, ReLU."""
from __future__ import annotations

from nnport.frameworks.keras import conv as _conv
from nnport.frameworks.keras.layers._registry import layer
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, W
from nnport.translate.emit import call

DENSE_SIG = ("self, units, activation=None, use_bias=True, kernel_initializer='glorot_uniform',"
             " bias_initializer='zeros', kernel_regularizer=None, bias_regularizer=None,"
             " activity_regularizer=None, kernel_constraint=None, bias_constraint=None, lora_rank=None,"
             " lora_alpha=None, quantization_config=None, **kwargs")
layer("keras.layers.Dense", "linear", DENSE_SIG,
      call("layers.Dense", "{out_features}", use_bias="{bias}", sig=DENSE_SIG),
      weights={"kernel": W("weight", "in,out"), "bias": W("bias", "out")})

for _n in (1, 2, 3):
    layer(f"keras.layers.Conv{_n}D", "conv", _conv.CONV_SIGS[_n],
          _conv.emit_conv,
          weights={"kernel": W("weight", "*s,in,out"), "bias": W("bias", "out")})

RESHAPE_SIG = "self, target_shape, **kwargs"


def flatten(c, ctx):
    """nn.Flatten(start_dim, end_dim): layers.Reshape of the axes after the batch (the stored order,
    as PyTorch flattens; layers.Flatten would reorder channels-first data)."""
    s, e = c.lit("start_dim"), c.lit("end_dim")
    if s is NOT_LITERAL or e is NOT_LITERAL:
        raise Unsupported("Flatten with non-literal dims")
    if s == 1 and e == -1:
        return "layers.Reshape((-1,))"
    end = "" if e == -1 else f" + tuple(x.shape[{e + 1}:])"
    if s == 0:   # the batch axis flattened too (a layers.Lambda may change it)
        return f"layers.Lambda(lambda x: ops.reshape(x, (-1,){end}))"
    return f"layers.Lambda(lambda x: ops.reshape(x, tuple(x.shape[:{s}]) + (-1,){end}))"


layer("keras.layers.ReLU", "relu", "self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs",
      lambda c, ctx: "layers.ReLU()")
layer("keras.layers.Reshape", "flatten", RESHAPE_SIG, flatten)
