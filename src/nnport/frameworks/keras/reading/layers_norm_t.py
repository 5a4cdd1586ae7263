"""Readers (CST route): Keras transposed convolutions, GroupNormalization and RMSNormalization ->
nn.ConvTransposeNd, nn.GroupNorm, nn.RMSNorm; and the writer's transposed-convolution helpers
(ChannelsFirst/Cropped/DilatedConvNDTranspose, support_helpers.py)."""
from __future__ import annotations

from nnport.frameworks.keras.reading.layers_cst import CONV, KW, common, input_shape, size, take
from nnport.frameworks.keras.reading.source_registry import layer
from nnport.frameworks.keras.reading.support_helpers import helper_layer, like
from nnport.frameworks.spec import Unsupported

_T_REST = ("padding='valid', output_padding=None, data_format=None, {d}, activation=None, use_bias=True, "
           "kernel_initializer='glorot_uniform', bias_initializer='zeros', kernel_regularizer=None, "
           "bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None, **kwargs")
CONV_T = {**CONV, "output_padding": "output_padding"}


def conv_transpose(n: int):
    """ConvNDTranspose, padding 'valid' (PyTorch's padding 0: (in - 1) * stride + dilation * (k - 1) + 1
    + output_padding)."""
    def read(c, ctx):
        common(c, ctx)
        first = take(c, "data_format") == "channels_first"
        size(c, ctx, "in_channels", 1 if first else -1)   # the PyTorch tables have no lazy transposed conv
        if not first:
            c.extra["layout"] = "channels_last"
        if take(c, "padding", "valid") != "valid":
            raise Unsupported(f"Conv{n}DTranspose(padding='same') is not translated")
        if c.get("output_padding") is None or c.lit("output_padding") is None:
            c.args.pop("output_padding", None)
            c.defaults.pop("output_padding", None)
        for name in ("stride", "dilation"):
            if not c.given(name):
                c.defaults.pop(name, None)
        c.set("ndim", str(n))
        return c
    return read


def cropped(n: int):
    """The writer's CroppedConvNDTranspose(..., crop) / DilatedConvNDTranspose(..., dilation_rate, crop):
    PyTorch's padding = crop (and its dilation)."""
    base = conv_transpose(n)

    def read(c, ctx):
        crop = c.args.pop("crop")
        c = base(c, ctx)
        c.args["padding"] = crop
        return c
    return read


_T_SIG = {n: "filters, kernel_size, strides={s}, ".format(s="1" if n == 1 else repr((1,) * n)) +
          _T_REST.format(d="dilation_rate=" + ("1" if n == 1 else repr((1,) * n))) for n in (1, 2, 3)}
for _n in (1, 2, 3):
    layer(f"keras.layers.Conv{_n}DTranspose", "conv_transpose", _T_SIG[_n], rename=CONV_T, ignore=KW,
          read=conv_transpose(_n))
    like(f"ChannelsFirstConv{_n}DTranspose", f"keras.layers.Conv{_n}DTranspose")
    helper_layer(f"CroppedConv{_n}DTranspose", "conv_transpose",
                 _T_SIG[_n].replace(", **kwargs", ", *, crop, **kwargs"), rename=CONV_T, ignore=KW,
                 read=cropped(_n))
    helper_layer(f"DilatedConv{_n}DTranspose", "conv_transpose",
                 _T_SIG[_n].replace(", **kwargs", ", *, crop, **kwargs"), rename=CONV_T, ignore=KW,
                 read=cropped(_n))


def group_norm(c, ctx):
    """GroupNormalization on the channel axis (1, or the last: channels-last data moved)."""
    common(c, ctx)
    axis = take(c, "axis", -1)
    shape = input_shape(ctx)
    if shape is None:
        raise Unsupported("GroupNormalization: the input shape is unknown (no recorded run)")
    if axis not in (1, -1, len(shape) - 1):
        raise Unsupported(f"GroupNormalization(axis={axis!r})")
    if axis != 1:
        c.extra["layout"] = "channels_last"
    center, scale = take(c, "center", True), take(c, "scale", True)
    if center != scale:
        raise Unsupported("GroupNormalization with center != scale (PyTorch's affine is both)")
    if not center:
        c.set("affine", "False")
    c.set("num_channels", str(shape[axis]))
    return c


def rms_norm(c, ctx):
    common(c, ctx)
    if take(c, "axis", -1) not in (-1, [-1], (-1,)):
        raise Unsupported("RMSNormalization: only the last axis")
    size(c, ctx, "normalized_shape")
    return c


layer("keras.layers.GroupNormalization", "group_norm",
      "groups=32, axis=-1, epsilon=0.001, center=True, scale=True, beta_initializer='zeros', "
      "gamma_initializer='ones', beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, "
      "gamma_constraint=None, **kwargs", rename={"groups": "num_groups", "epsilon": "eps"}, ignore=KW, read=group_norm)
layer("keras.layers.RMSNormalization", "rms_norm", "axis=-1, epsilon=1e-06, **kwargs", rename={"epsilon": "eps"},
      ignore=KW, read=rms_norm)
