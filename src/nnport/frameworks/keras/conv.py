"""Convolution arithmetic for Keras targets: PyTorch's padding forms as Keras's 'valid' / 'same',
or explicit pads through the support helpers where neither is exact."""
from __future__ import annotations

from nnport.frameworks.spec import NOT_LITERAL, Canon, Unsupported, code
from nnport.frameworks.keras.layers._registry import CF
from nnport.translate.emit import call

_CONV_TAIL = (", groups=1, activation=None, use_bias=True, kernel_initializer='glorot_uniform',"
              " bias_initializer='zeros', kernel_regularizer=None, bias_regularizer=None,"
              " activity_regularizer=None, kernel_constraint=None, bias_constraint=None, **kwargs")
CONV_SIGS = {
    1: "self, filters, kernel_size, strides=1, padding='valid', data_format=None, dilation_rate=1" + _CONV_TAIL,
    2: "self, filters, kernel_size, strides=(1, 1), padding='valid', data_format=None, dilation_rate=(1, 1)"
       + _CONV_TAIL,
    3: "self, filters, kernel_size, strides=(1, 1, 1), padding='valid', data_format=None,"
       " dilation_rate=(1, 1, 1)" + _CONV_TAIL,
}
_T_TAIL = (", activation=None, use_bias=True, kernel_initializer='glorot_uniform', bias_initializer='zeros',"
           " kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,"
           " bias_constraint=None, **kwargs")
CONV_T_SIGS = {
    1: "self, filters, kernel_size, strides=1, padding='valid', output_padding=None, data_format=None,"
       " dilation_rate=1" + _T_TAIL,
    2: "self, filters, kernel_size, strides=(1, 1), padding='valid', output_padding=None, data_format=None,"
       " dilation_rate=(1, 1)" + _T_TAIL,
    3: "self, filters, kernel_size, strides=(1, 1, 1), padding='valid', data_format=None, output_padding=None,"
       " dilation_rate=(1, 1, 1)" + _T_TAIL,
}
PAD_MODES = ("zeros", "reflect", "replicate", "circular")


def ints(c: Canon, name: str, n: int) -> tuple[int, ...]:
    v = c.lit(name)
    if v is NOT_LITERAL or not (isinstance(v, int) or isinstance(v, (tuple, list)) and
                                all(isinstance(i, int) for i in v)):
        raise Unsupported(f"{name}={code(c.get(name))}: only literal values are translated")
    return (v,) * n if isinstance(v, int) else tuple(v)


def size(c: Canon, name: str, n: int, default=1) -> str | None:
    """A Keras size argument (int for equal sizes), None where it is the default."""
    v = c.lit(name)
    if v is NOT_LITERAL:
        return code(c.get(name))
    t = (v,) * n if isinstance(v, int) else tuple(v)
    if all(i == default for i in t):
        return None
    return repr(t[0]) if len(set(t)) == 1 else repr(t)


def conv_padding(c: Canon, n: int) -> tuple[str, tuple | str | None]:
    """PyTorch padding -> (Keras padding, explicit pads or None). A padding known only when the code
    runs is passed on as it is: the helper reads PyTorch's forms (int, tuple, 'same', 'valid')."""
    v = c.lit("padding")
    if v is NOT_LITERAL:
        return "valid", code(c.get("padding"))
    if isinstance(v, str):
        if v not in ("same", "valid"):
            raise Unsupported(f"padding={v!r}")
        if v == "valid":
            return "valid", None
        k, d = ints(c, "kernel_size", n), ints(c, "dilation", n)
        if c.lit("padding_mode") != "zeros":
            return "valid", tuple((dd * (kk - 1) // 2, dd * (kk - 1) - dd * (kk - 1) // 2) for kk, dd in zip(k, d))
        return "same", None
    p = ints(c, "padding", n)
    if not any(p):
        return "valid", None
    try:
        k, d, s = ints(c, "kernel_size", n), ints(c, "dilation", n), ints(c, "stride", n)
    except Unsupported:   # sizes known when it runs: explicit pads are right whatever they are
        return "valid", tuple((pp, pp) for pp in p)
    if c.lit("padding_mode") == "zeros" and set(s) == {1} and all(dd * (kk - 1) == 2 * pp for kk, dd, pp in zip(k, d, p)):
        return "same", None   # TF's 'same' at stride 1: (total // 2, total - total // 2), symmetric here
    return "valid", tuple((pp, pp) for pp in p)


_BIAS_DEPS = ("ChannelsFirstBias",)


def _biased(c: Canon, ctx, layer: str) -> str:
    """layers.<layer>, or where it has a bias the support subclass adding it on the channel axis
    (Keras's TensorFlow ops.add puts a channels-first bias on the last axis when that axis has C too)."""
    from nnport.frameworks.keras.support import helper
    if c.lit("bias") is False:
        return f"layers.{layer}"
    return helper(ctx, "conv", f"ChannelsFirst{layer}", *_BIAS_DEPS)


def emit_conv(c: Canon, ctx):
    from nnport.frameworks.keras.support import helper
    n = c.lit("ndim")
    mode = c.lit("padding_mode")
    if mode not in PAD_MODES:
        raise Unsupported(f"padding_mode={code(c.get('padding_mode'))}")
    pad, pads = conv_padding(c, n)
    api, extra = _biased(c, ctx, f"Conv{n}D"), {}
    if pads is not None:
        api = helper(ctx, "conv", f"PaddedConv{n}D", "pad_nd", "torch_pads", "PaddedConv", *_BIAS_DEPS,
                     f"ChannelsFirstConv{n}D")
        extra = {"pads": pads if isinstance(pads, str) else repr(pads)}
        if mode != "zeros":
            extra["padding_mode"] = repr(mode)
    return call(api, "{out_channels}", lambda c, ctx: size(c, "kernel_size", n, None),
                strides=lambda c, ctx: size(c, "stride", n), padding=repr(pad), data_format=CF,
                dilation_rate=lambda c, ctx: size(c, "dilation", n), groups="{groups}", use_bias="{bias}",
                **extra, sig=CONV_SIGS[n])(c, ctx)


def emit_conv_transpose(c: Canon, ctx):
    """PyTorch ConvTransposeNd: Keras's 'valid' transposed convolution with output_padding, then
    `padding` cropped from both sides (support/conv.py) where it is not zero."""
    from nnport.frameworks.keras.support import helper
    n = c.lit("ndim")
    if c.lit("groups") != 1:
        raise Unsupported(f"groups={code(c.get('groups'))}: Keras transposed convolutions have no groups")
    if c.lit("padding_mode") != "zeros":
        raise Unsupported(f"padding_mode={code(c.get('padding_mode'))}")
    k, p, op, d, s = (ints(c, a, n) for a in ("kernel_size", "padding", "output_padding", "dilation", "stride"))
    out_pad = None
    if any(op) or any(ss > dd * (kk - 1) + 1 for ss, kk, dd in zip(s, k, d)):
        out_pad = repr(op[0]) if len(set(op)) == 1 else repr(op)
    api, extra = _biased(c, ctx, f"Conv{n}DTranspose"), {}
    if set(s) != {1} and set(d) != {1}:   # Keras's layers refuse the pair: the helper dilates the kernel
        api = helper(ctx, "conv", f"DilatedConv{n}DTranspose", "CroppedConvTranspose", "DilatedConvTranspose",
                     *_BIAS_DEPS, f"ChannelsFirstConv{n}DTranspose")
        extra = {"crop": repr(p)}
    elif any(p):
        api = helper(ctx, "conv", f"CroppedConv{n}DTranspose", "CroppedConvTranspose", *_BIAS_DEPS,
                     f"ChannelsFirstConv{n}DTranspose")
        extra = {"crop": repr(p)}
    return call(api, "{out_channels}", lambda c, ctx: size(c, "kernel_size", n, None),
                strides=lambda c, ctx: size(c, "stride", n), output_padding=lambda c, ctx: out_pad,
                data_format=CF, dilation_rate=lambda c, ctx: size(c, "dilation", n), use_bias="{bias}",
                **extra, sig=CONV_T_SIGS[n])(c, ctx)


def conv_transpose_call(c: Canon, node, ctx):
    if len(node.args) > 1:
        raise Unsupported("ConvTranspose called with output_size: give the padding in the constructor")
    return node
