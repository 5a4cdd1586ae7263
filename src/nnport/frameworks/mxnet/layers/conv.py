"""Pivot ops -> Gluon convolutions: nn.ConvND (symmetric zero padding, groups) and nn.ConvNDTranspose
(output_padding, groups); PyTorch's other padding modes and odd 'same' paddings through
support/conv.py's PaddedConvND (a subclass: the same weights). Weights are (out, in/groups, *k) and
(in, out/groups, *k) in both frameworks."""
from __future__ import annotations

from nnport.frameworks.mxnet.layers._registry import layer
from nnport.frameworks.spec import NOT_LITERAL, Canon, Unsupported, W, code
from nnport.translate.emit import call

_TAIL = ("groups=1, layout='{layout}', activation=None, use_bias=True, weight_initializer=None, "
         "bias_initializer='zeros', in_channels=0, **kwargs")
_LAYOUTS = {1: "NCW", 2: "NCHW", 3: "NCDHW"}


def _sig(n: int, transpose: bool) -> str:
    one = "1" if n == 1 else repr((1,) * n)
    zero = "0" if n == 1 else repr((0,) * n)
    mid = f"output_padding={zero}, " if transpose else ""
    return (f"self, channels, kernel_size, strides={one}, padding={zero}, {mid}dilation={one}, "
            + _TAIL.format(layout=_LAYOUTS[n]))


CONV_SIGS = {n: _sig(n, False) for n in (1, 2, 3)}
CONV_T_SIGS = {n: _sig(n, True) for n in (1, 2, 3)}
PAD_MODES = ("zeros", "reflect", "replicate", "circular")


def ints(c: Canon, name: str, n: int) -> tuple[int, ...] | None:
    """A literal size per spatial axis, None when it is known only when the code runs."""
    v = c.lit(name)
    if isinstance(v, int) and not isinstance(v, bool):
        return (v,) * n
    if isinstance(v, (tuple, list)) and all(isinstance(i, int) for i in v):
        return tuple(v) if len(v) == n else (tuple(v) * n)[:n]
    return None


def size(name: str, default: int):
    """Emit value of a per-axis size: the source's expression, left out where it is Gluon's default."""
    def value(c, ctx):
        v = ints(c, name, int(c.lit("ndim")))
        if v is not None and all(i == default for i in v):
            return None
        return c.get(name)
    return value


def conv_pads(c: Canon, n: int) -> tuple[object, tuple[int, ...] | None]:
    """PyTorch padding -> (Gluon's symmetric padding expression or None, explicit F.pad-order pads or
    None). Explicit pads where the mode is not zeros or 'same' pads one side more."""
    mode = c.lit("padding_mode")
    if mode not in PAD_MODES:
        raise Unsupported(f"padding_mode={code(c.get('padding_mode'))}: one of {PAD_MODES}")
    v = c.lit("padding")
    if v == "valid":
        return None, None
    if v == "same":
        k, d = ints(c, "kernel_size", n), ints(c, "dilation", n)
        if k is None or d is None:
            raise Unsupported("padding='same' with sizes known only when the code runs")
        total = [dd * (kk - 1) for kk, dd in zip(k, d)]
        if mode == "zeros" and all(t % 2 == 0 for t in total):
            return repr(tuple(t // 2 for t in total)) if n > 1 else repr(total[0] // 2), None
        return None, tuple(p for t in reversed(total) for p in (t // 2, t - t // 2))
    if isinstance(v, str):
        raise Unsupported(f"padding={v!r}")
    p = ints(c, "padding", n)
    if p is None:
        if mode != "zeros":
            raise Unsupported(f"padding={code(c.get('padding'))} with padding_mode={mode!r}: literal sizes only")
        return c.get("padding"), None
    if not any(p):
        return None, None
    if mode == "zeros":
        return c.get("padding"), None
    return None, tuple(q for pp in reversed(p) for q in (pp, pp))


def _conv(c: Canon, ctx):
    from nnport.frameworks.mxnet.support import helper
    n = int(c.lit("ndim"))
    padding, pads = conv_pads(c, n)
    api, extra = f"nn.Conv{n}D", {}
    if pads is not None:
        helper(ctx, "spatial", "pad")
        api = helper(ctx, "conv", f"PaddedConv{n}D", "PaddedConv")
        extra = {"pads": repr(pads)}
        if c.lit("padding_mode") != "zeros":
            extra["padding_mode"] = code(c.get("padding_mode"))
    return call(api, "{out_channels}", "{kernel_size}", strides=size("stride", 1), padding=lambda c, ctx: padding,
                dilation=size("dilation", 1), groups="{groups}", use_bias="{bias}", in_channels="{in_channels}",
                **extra, sig=CONV_SIGS[n])(c, ctx)


def _conv_transpose(c: Canon, ctx):
    n = int(c.lit("ndim"))
    if c.lit("padding_mode") not in ("zeros", NOT_LITERAL) and c.given("padding_mode"):
        raise Unsupported(f"padding_mode={code(c.get('padding_mode'))}: transposed convolutions pad with zeros")
    return call(f"nn.Conv{n}DTranspose", "{out_channels}", "{kernel_size}", strides=size("stride", 1),
                padding=size("padding", 0), output_padding=size("output_padding", 0), dilation=size("dilation", 1),
                groups="{groups}", use_bias="{bias}", in_channels="{in_channels}", sig=CONV_T_SIGS[n])(c, ctx)


def _conv_transpose_call(c: Canon, node, ctx):
    if len(node.args) > 1:
        raise Unsupported("ConvTranspose called with output_size: Gluon's takes output_padding in the constructor")
    return node


_CONV_W = {"weight": W("weight", "out,in,*s"), "bias": W("bias", "out")}
for _n in (1, 2, 3):
    layer(f"mxnet.gluon.nn.Conv{_n}D", "conv", CONV_SIGS[_n], _conv, weights=_CONV_W)
    layer(f"mxnet.gluon.nn.Conv{_n}DTranspose", "conv_transpose", CONV_T_SIGS[_n], _conv_transpose,
          call=_conv_transpose_call, weights={"weight": W("weight", "in,out,*s"), "bias": W("bias", "out")})
    layer(f"PaddedConv{_n}D", "conv", None, None, weights=_CONV_W)   # support/conv.py (label)
