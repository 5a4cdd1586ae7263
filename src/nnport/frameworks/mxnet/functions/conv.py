"""Pivot ops -> F.* convolutions: F.conv1d/2d/3d and F.conv_transposeNd as support/conv.py's conv /
conv_transpose (F.Convolution / F.Deconvolution need the kernel size and filter count, read from the
weight's shape: the file is written imperatively)."""
from __future__ import annotations

from nnport.frameworks.mxnet.functions._registry import fn
from nnport.translate.emit import call

CONV_SIG = "x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1"
CONV_T_SIG = "x, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1"


def _conv(c, ctx):
    from nnport.frameworks.mxnet.support import helper
    helper(ctx, "spatial", "pad")
    return call(helper(ctx, "conv", "conv"), "{input}", "{weight}", bias="{bias}", stride="{stride}",
                padding="{padding}", dilation="{dilation}", groups="{groups}", sig=CONV_SIG)(c, ctx)


def _conv_transpose(c, ctx):
    from nnport.frameworks.mxnet.support import helper
    return call(helper(ctx, "conv", "conv_transpose"), "{input}", "{weight}", bias="{bias}", stride="{stride}",
                padding="{padding}", output_padding="{output_padding}", groups="{groups}", dilation="{dilation}",
                sig=CONV_T_SIG)(c, ctx)


fn("conv", "conv", _conv, CONV_SIG)
fn("conv_transpose", "conv_transpose", _conv_transpose, CONV_T_SIG)
