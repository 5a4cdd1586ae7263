"""Keras convolutions -> pivot ops: Conv1D/2D/3D, their transposes, DepthwiseConv1D/2D,
SeparableConv1D/2D. `padding="same"` is PyTorch's padding where both sides agree, else an explicit
F.pad before the layer (TensorFlow puts the odd pixel at the end); "causal" is a left pad."""
from __future__ import annotations

import math

from nnport.frameworks.keras.reading.activations import activation_steps
from nnport.frameworks.keras.reading.registry import (Code, Step, channels, channels_perm, lazy, need, reader,
                                                      report_extras, spatial)
from nnport.frameworks.spec import Unsupported

X = Code("_0")
CONV_DEFAULTS = {"kernel_initializer": "GlorotUniform()", "bias_initializer": "Zeros()",
                 "depthwise_initializer": "GlorotUniform()", "pointwise_initializer": "GlorotUniform()"}


def tup(value, n: int) -> tuple:
    return tuple(value) if isinstance(value, (list, tuple)) else (value,) * n


def one(values: tuple):
    """(3, 3) -> 3 where every dimension agrees (how PyTorch code writes it)."""
    return values[0] if len(set(values)) == 1 else tuple(values)


def same_pads(sizes, kernel, strides, dilation) -> list[tuple[int, int]] | None:
    """TensorFlow's "same" padding (before, after) per spatial axis; None where a size is unknown."""
    out = []
    for n, k, s, d in zip(sizes, kernel, strides, dilation):
        total = (k - 1) * d
        if s != 1:
            if n is None:
                return None
            total = max((math.ceil(n / s) - 1) * s + (k - 1) * d + 1 - n, 0)
        out.append((total // 2, total - total // 2))
    return out


def flat_pad(pads: list[tuple[int, int]]) -> tuple[int, ...]:
    """F.pad's order: the last axis first."""
    return tuple(v for before_after in reversed(pads) for v in before_after)


def padding_steps(config, inputs, ctx, kernel, strides, dilation, perm, value=None):
    """(steps before the layer, the layer's `padding` argument)."""
    mode = config.get("padding", "valid")
    n = len(kernel)
    if mode == "valid":
        return [], 0
    if mode == "causal":
        return [Step("pad", {"input": X, "pad": ((kernel[0] - 1) * dilation[0], 0)}, perm=perm)], 0
    pads = same_pads(spatial(config, inputs[0]), kernel, strides, dilation)
    if pads is None:
        raise Unsupported(f"{ctx.name}: padding='same' with stride {strides} needs the input size "
                          "(no example input to record shapes from)")
    if all(a == b for a, b in pads):
        return [], one(tuple(a for a, _ in pads))
    if all(s == 1 for s in strides) and value is None:
        return [], "same"
    args = {"input": X, "pad": flat_pad(pads)}
    if value is not None:
        args["value"] = value
    return [Step("pad", args, perm=perm)], 0


def _conv_common(config, inputs, ctx, n, size=need):
    report_extras(config, ctx, CONV_DEFAULTS)
    shape = inputs[0]
    rank = len(shape)
    perm = channels_perm(config, rank)
    kernel, strides = tup(config["kernel_size"], n), tup(config.get("strides", 1), n)
    dilation = tup(config.get("dilation_rate", 1), n)
    in_ch = size(channels(config, shape), "the input channels", ctx)
    return shape, perm, kernel, strides, dilation, in_ch


def _conv_args(in_ch, out_ch, kernel, strides, padding, dilation, groups, bias, n):
    args = {"in_channels": in_ch, "out_channels": out_ch, "kernel_size": one(kernel), "ndim": n}
    if any(s != 1 for s in strides):
        args["stride"] = one(strides)
    if padding != 0:
        args["padding"] = padding
    if any(d != 1 for d in dilation):
        args["dilation"] = one(dilation)
    if groups != 1:
        args["groups"] = groups
    if not bias:
        args["bias"] = False
    return args


@reader("keras.layers.Conv1D", "keras.layers.Conv2D", "keras.layers.Conv3D")
def conv(config, inputs, ctx):
    n = len(inputs[0]) - 2
    shape, perm, kernel, strides, dilation, in_ch = _conv_common(config, inputs, ctx, n, lazy)
    pre, padding = padding_steps(config, inputs, ctx, kernel, strides, dilation, perm)
    args = _conv_args(in_ch, config["filters"], kernel, strides, padding, dilation, config.get("groups", 1),
                      config.get("use_bias", True), n)
    return [*pre, Step("conv", args, module="", perm=perm), *activation_steps(config.get("activation"))]


@reader("keras.layers.DepthwiseConv1D", "keras.layers.DepthwiseConv2D")
def depthwise(config, inputs, ctx):
    n = len(inputs[0]) - 2
    shape, perm, kernel, strides, dilation, in_ch = _conv_common(config, inputs, ctx, n)
    pre, padding = padding_steps(config, inputs, ctx, kernel, strides, dilation, perm)
    mult = config.get("depth_multiplier", 1)
    args = _conv_args(in_ch, in_ch * mult, kernel, strides, padding, dilation, in_ch,
                      config.get("use_bias", True), n)
    return [*pre, Step("conv", args, module="", perm=perm), *activation_steps(config.get("activation"))]


@reader("keras.layers.SeparableConv1D", "keras.layers.SeparableConv2D")
def separable(config, inputs, ctx):
    """A depthwise convolution (`<name>_depthwise`, no bias) then a 1x1 one (`<name>_pointwise`)."""
    n = len(inputs[0]) - 2
    shape, perm, kernel, strides, dilation, in_ch = _conv_common(config, inputs, ctx, n)
    pre, padding = padding_steps(config, inputs, ctx, kernel, strides, dilation, perm)
    mult = config.get("depth_multiplier", 1)
    dw = _conv_args(in_ch, in_ch * mult, kernel, strides, padding, dilation, in_ch, False, n)
    pw = _conv_args(in_ch * mult, config["filters"], (1,) * n, (1,) * n, 0, (1,) * n, 1,
                    config.get("use_bias", True), n)
    return [*pre, Step("conv", dw, module="depthwise", perm=perm), Step("conv", pw, module="pointwise", perm=perm),
            *activation_steps(config.get("activation"))]


def transpose_padding(kernel, stride, dilation, padding, output_padding):
    """Keras' own conversion (keras/src/backend/common/backend_utils.py) of a transposed
    convolution's padding to PyTorch's (padding, output_padding), for one axis."""
    k = (kernel - 1) * dilation + 1
    if padding == "valid":
        out_pad = max(k, stride) - k if output_padding is None else output_padding
        return 0, out_pad
    out_pad = stride - k % 2 if output_padding is None else output_padding
    pad = max(-((k % 2 - k + out_pad) // 2), 0)
    return pad, 2 * pad + k % 2 - k + out_pad


@reader("keras.layers.Conv1DTranspose", "keras.layers.Conv2DTranspose", "keras.layers.Conv3DTranspose")
def conv_transpose(config, inputs, ctx):
    n = len(inputs[0]) - 2
    shape, perm, kernel, strides, dilation, in_ch = _conv_common(config, inputs, ctx, n, lazy)
    out_pad = config.get("output_padding")
    mode = config.get("padding", "valid")
    if mode == "same" and out_pad is None:
        return _same_transpose(config, ctx, n, perm, kernel, strides, dilation, in_ch)
    out_pad = tup(out_pad, n) if out_pad is not None else (None,) * n
    pads = [transpose_padding(k, s, d, config.get("padding", "valid"), o)
            for k, s, d, o in zip(kernel, strides, dilation, out_pad)]
    for (p, o), s, d in zip(pads, strides, dilation):
        if o >= max(s, d):
            raise Unsupported(f"{ctx.name}: output_padding {o} >= stride {s} (PyTorch refuses it)")
        if p > 0 and o > 0:
            ctx.report("padding and output_padding both positive: PyTorch and TensorFlow may place the "
                       "extra row differently")
    args = _conv_args(in_ch, config["filters"], kernel, strides, one(tuple(p for p, _ in pads)), dilation,
                      config.get("groups", 1), config.get("use_bias", True), n)
    if any(o for _, o in pads):
        args["output_padding"] = one(tuple(o for _, o in pads))
    return [Step("conv_transpose", args, module="", perm=perm), *activation_steps(config.get("activation"))]


def _same_transpose(config, ctx, n, perm, kernel, strides, dilation, in_ch):
    """padding="same": TensorFlow crops (k - s) // 2 at the start of the full output and the rest at
    the end (output size = input * stride); PyTorch crops `padding` on both sides, so an odd
    remainder is sliced off the end after the layer."""
    before, extra = [], []
    for k, s, d in zip(kernel, strides, dilation):
        total = (k - 1) * d + 1 - s
        if total < 0:
            raise Unsupported(f"{ctx.name}: padding='same' with stride {s} > kernel {k} is not translated")
        before.append(total // 2)
        extra.append(total - 2 * (total // 2))
    args = _conv_args(in_ch, config["filters"], kernel, strides, one(tuple(before)), dilation,
                      config.get("groups", 1), config.get("use_bias", True), n)
    steps = [Step("conv_transpose", args, module="", perm=perm)]
    if any(extra):
        index = ", ".join(":-1" if e else ":" for e in extra)
        steps.append(Step("", expr=f"_0[:, :, {index}]", perm=perm))
    return [*steps, *activation_steps(config.get("activation"))]
