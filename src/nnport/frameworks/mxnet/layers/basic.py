"""Pivot ops -> Gluon layers: Dense, convolutions, flatten, activations as layers."""
from __future__ import annotations

from nnport.frameworks.mxnet.layers._registry import layer
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, W
from nnport.translate.emit import call

DENSE_SIG = ("self, units, activation=None, use_bias=True, flatten=True, dtype='float32', "
             "weight_initializer=None, bias_initializer='zeros', in_units=0, **kwargs")
# Dense flattens inputs of rank > 2 by default; nn.Linear maps the last axis: flatten=False
layer("mxnet.gluon.nn.Dense", "linear", DENSE_SIG,
      call("nn.Dense", "{out_features}", use_bias="{bias}", flatten="False", in_units="{in_features}", sig=DENSE_SIG),
      weights={"weight": W("weight", "out,in"), "bias": W("bias", "out")})

def _conv_sig(n: int) -> str:
    """Gluon's ConvND signature (Conv1D's defaults are ints, the others tuples)."""
    one, zero = ("1", "0") if n == 1 else (str((1,) * n), str((0,) * n))
    return (f"self, channels, kernel_size, strides={one}, padding={zero}, dilation={one}, groups=1, "
            f"layout='{'NC' + 'DHW'[3 - n:] if n > 1 else 'NCW'}', activation=None, use_bias=True, "
            "weight_initializer=None, bias_initializer='zeros', in_channels=0, **kwargs")


CONV_SIGS = {n: _conv_sig(n) for n in (1, 2, 3)}


def per_axis(name: str, default: int):
    """A size given per spatial axis: left out when every axis has Gluon's default (`1` or `(1, 1)`)."""
    def value(c, ctx):
        v = c.lit(name)
        if v == default or isinstance(v, (tuple, list)) and all(x == default for x in v):
            return None
        return c.get(name)
    return value


def _padding(c, ctx):
    p = c.lit("padding")
    if isinstance(p, str):
        raise Unsupported(f"padding={p!r}: Gluon's convolutions take explicit sizes")
    if c.lit("padding_mode") not in ("zeros", NOT_LITERAL) and c.given("padding_mode"):
        raise Unsupported(f"padding_mode={c.lit('padding_mode')!r}: Gluon pads with zeros only")
    return per_axis("padding", 0)(c, ctx)


def _conv(c, ctx):
    n = int(c.lit("ndim"))
    return call(f"nn.Conv{n}D", "{out_channels}", "{kernel_size}", strides=per_axis("stride", 1), padding=_padding,
                dilation=per_axis("dilation", 1), groups="{groups}", use_bias="{bias}", in_channels="{in_channels}",
                sig=CONV_SIGS[n])(c, ctx)


for _n in (1, 2, 3):
    layer(f"mxnet.gluon.nn.Conv{_n}D", "conv", CONV_SIGS[_n], _conv,
          weights={"weight": W("weight", "out,in,*s"), "bias": W("bias", "out")})

layer("mxnet.gluon.nn.Flatten", "flatten", "self, **kwargs",
      lambda c, ctx: _flatten_layer(c))


def _flatten_layer(c):
    if (c.lit("start_dim"), c.lit("end_dim")) != (1, -1):
        raise Unsupported("Flatten of other axes than 1..-1: Gluon's nn.Flatten keeps the first axis only")
    return "nn.Flatten()"


ACTIVATION_SIG = "self, activation, **kwargs"
layer("mxnet.gluon.nn.Activation", "relu", ACTIVATION_SIG, lambda c, ctx: "nn.Activation('relu')")
