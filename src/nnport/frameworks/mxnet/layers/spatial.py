"""Pivot ops -> Gluon padding, upsampling and pixel (un)shuffle layers. ReflectionPad2d is
nn.ReflectionPad2D, PixelShuffle gluon.contrib.nn.PixelShuffleND; other paddings support/spatial.py's
Pad (slices and concat: any rank and mode); upsampling by integer factors its Upsample (repeats,
F.contrib.BilinearResize2D), by sizes or fractional factors its Resize (reads the input's shape,
imperative). The emitters serve the functional forms too (functions/spatial.py)."""
from __future__ import annotations

from nnport.frameworks.mxnet.layers._registry import layer
from nnport.frameworks.mxnet.layers.pool import lit
from nnport.frameworks.spec import NOT_LITERAL, Canon, Unsupported, code

_MODES = ("constant", "reflect", "replicate", "circular")
_LINEAR = {"linear": 1, "bilinear": 2, "trilinear": 3}


def flat_pads(c: Canon, name: str, n: int | None) -> tuple[int, ...]:
    """PyTorch's padding (an int per side, or the flat last-axis-first tuple) as the flat tuple."""
    v = c.lit(name)
    if isinstance(v, int) and n is not None:
        v = (v,) * (2 * n)
    if v is NOT_LITERAL or not isinstance(v, (tuple, list)) or not all(isinstance(i, int) for i in v):
        raise Unsupported(f"{name}={code(c.get(name))}: only literal paddings are translated")
    if any(i < 0 for i in v):
        raise Unsupported("negative padding (cropping)")
    if len(v) % 2 or (n is not None and len(v) != 2 * n):
        raise Unsupported(f"{name}={code(c.get(name))}: expected {2 * n if n else 'an even number of'} values")
    return tuple(v)


def pad_mode(c: Canon) -> str:
    mode = lit(c, "mode")
    if mode not in _MODES:
        raise Unsupported(f"mode={mode!r}: one of {_MODES}")
    return mode


def pad_value(c: Canon) -> str | None:
    v = c.get("value")
    return None if v is None or c.lit("value") in (0, 0.0, None) else code(v)


def pad_layer(c: Canon, ctx) -> str:
    from nnport.frameworks.mxnet.support import helper
    n, mode = int(c.lit("ndim")), pad_mode(c)
    pads = flat_pads(c, "padding", n)
    if mode == "reflect" and n == 2:
        return f"nn.ReflectionPad2D(padding={(0, 0, 0, 0, pads[2], pads[3], pads[0], pads[1])!r})"
    value = pad_value(c)
    return f"{helper(ctx, 'spatial', 'Pad')}({pads!r}" + ("" if mode == "constant" else f", mode={mode!r}") + \
        ("" if value is None else f", value={value}") + ")"


def _scales(c: Canon, n: int | None):
    """Integer factors per spatial axis (a tuple), or None: a size, fractional factors, unknown rank."""
    if c.get("size") is not None and c.lit("size") is not None:
        return None
    s = c.lit("scale_factor")
    if isinstance(s, (int, float)) and not isinstance(s, bool) and float(s).is_integer():
        return (int(s),) * n if n is not None else int(s)   # an int: every axis of 4-D input (F.UpSampling)
    if isinstance(s, (tuple, list)) and all(isinstance(i, (int, float)) and float(i).is_integer() for i in s):
        return tuple(int(i) for i in s)
    return None


def upsample_args(c: Canon):
    """(mode, align_corners, integer factors or None, n) of an upsample; Unsupported where PyTorch's
    result has no form here."""
    mode = lit(c, "mode")
    if mode not in ("nearest", "nearest-exact", *_LINEAR):
        raise Unsupported(f"mode={mode!r}: nearest, nearest-exact, linear, bilinear, trilinear")
    if c.get("recompute_scale_factor") is not None and lit(c, "recompute_scale_factor"):
        raise Unsupported("recompute_scale_factor=True")
    if c.get("antialias") is not None and lit(c, "antialias"):
        raise Unsupported("antialias=True")
    corners = c.get("align_corners") is not None and c.lit("align_corners") not in (None, False)
    if corners and c.lit("align_corners") is not True:
        raise Unsupported(f"align_corners={code(c.get('align_corners'))}: True or False")
    n = _LINEAR.get(mode)
    scales = _scales(c, n)
    if mode == "trilinear" or mode == "nearest-exact":
        scales = None                      # BilinearResize2D resizes 2 axes at most; repeat is 'nearest'
    return mode, corners, scales, n


def resize_args(c: Canon, mode: str, corners: bool) -> str:
    args = []
    for name in ("size", "scale_factor"):
        if c.get(name) is not None and c.lit(name) is not None:
            args.append(f"{name}={code(c.get(name))}")
    if not args:
        raise Unsupported("upsampling needs a size or a scale_factor")
    return ", ".join(args + ([f"mode={mode!r}"] if mode != "nearest" else []) +
                     (["align_corners=True"] if corners else []))


def upsample_layer(c: Canon, ctx) -> str:
    from nnport.frameworks.mxnet.support import helper
    mode, corners, scales, n = upsample_args(c)
    if scales is not None:
        return f"{helper(ctx, 'spatial', 'Upsample')}({scales!r}" + \
            ("" if mode == "nearest" else f", mode={mode!r}") + (", align_corners=True" if corners else "") + ")"
    return f"{helper(ctx, 'spatial', 'Resize', 'resize')}({resize_args(c, mode, corners)})"


def shuffle_layer(c: Canon, ctx) -> str:
    return f"gluon.contrib.nn.PixelShuffle2D({code(c.get('upscale_factor'))})"


def unshuffle_layer(c: Canon, ctx) -> str:
    from nnport.frameworks.mxnet.support import helper
    return f"{helper(ctx, 'spatial', 'PixelUnshuffle')}({code(c.get('downscale_factor'))})"


def pairs(c: Canon, name: str, default: int) -> tuple[int, int]:
    """A 2-D size of Unfold / Fold as a pair (ints as PyTorch gives them; literal only)."""
    if c.get(name) is None:
        return (default, default)
    v = lit(c, name)
    return (v, v) if isinstance(v, int) else tuple(v)


def col_kwargs(c: Canon) -> str:
    """F.im2col / F.col2im keywords from PyTorch's kernel_size, dilation, padding, stride."""
    kw = [f"kernel={pairs(c, 'kernel_size', 1)!r}"]
    for name, gluon, default in (("dilation", "dilate", 1), ("padding", "pad", 0), ("stride", "stride", 1)):
        v = pairs(c, name, default)
        if v != (default, default):
            kw.append(f"{gluon}={v!r}")
    return ", ".join(kw)


def _unfold_layer(c: Canon, ctx) -> str:
    from nnport.frameworks.mxnet.support import helper
    return f"{helper(ctx, 'spatial', 'Unfold')}({col_kwargs(c)})"


def _fold_layer(c: Canon, ctx) -> str:
    from nnport.frameworks.mxnet.support import helper
    return f"{helper(ctx, 'spatial', 'Fold')}({pairs(c, 'output_size', 0)!r}, {col_kwargs(c)})"


def _channel_shuffle_layer(c: Canon, ctx) -> str:
    from nnport.frameworks.mxnet.support import helper
    return f"{helper(ctx, 'spatial', 'ChannelShuffle')}({code(c.get('groups'))})"


def as_lambda(function: str, **renamed: str):
    """A layer written as nn.HybridLambda(lambda F, x: <the functional form's code>): the functional
    table's emitter for `function` (op) on x, the layer's arguments renamed to the function's."""
    def emit(c: Canon, ctx) -> str:
        import libcst as cst
        from nnport.frameworks.mxnet.functions import FUNCTIONS
        (entry,) = [e for e in FUNCTIONS.for_op(function) if e.emit is not None][:1]
        args = {renamed.get(k, k): v for k, v in c.args.items()}
        defaults = {renamed.get(k, k): v for k, v in c.defaults.items()}
        canon = Canon(function, {**args, "input": cst.Name("x")}, defaults)
        return f"nn.HybridLambda(lambda F, x: {code(entry.emit(canon, ctx))})"
    return emit


layer("Pad", "pad", None, pad_layer)   # support/spatial.py (labels), and nn.ReflectionPad2D
layer("mxnet.gluon.nn.ReflectionPad2D", "pad", "self, padding=0, **kwargs", None)
layer("Upsample", "upsample", None, upsample_layer)
layer("Resize", "upsample", None, None)
layer("mxnet.gluon.contrib.nn.PixelShuffle2D", "pixel_shuffle", "self, factor", shuffle_layer)
layer("PixelUnshuffle", "pixel_unshuffle", None, unshuffle_layer)
layer("Unfold", "im2col", None, _unfold_layer)
layer("Fold", "col2im", None, _fold_layer)
layer("ChannelShuffle", "channel_shuffle", None, _channel_shuffle_layer)
layer("unflatten", "unflatten", None, as_lambda("unflatten", unflattened_size="sizes"))   # (labels)
layer("identity", "identity", None, lambda c, ctx: "nn.HybridLambda('identity')")   # Gluon 1.x has no Identity
