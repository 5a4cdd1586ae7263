"""Pivot ops -> F.* padding, resampling and pixel (un)shuffle: support/spatial.py's pad (PyTorch's
F.pad on any rank: F.pad takes 4-D / 5-D input only), F.UpSampling / F.repeat /
F.contrib.BilinearResize2D for integer factors and sizes as layers/spatial.py decides, its resize
otherwise (imperative), pixel_shuffle / pixel_unshuffle (F.reshape codes and a transpose)."""
from __future__ import annotations

from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.mxnet.layers import spatial as layers
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code
from nnport.translate.emit import expr


def _pad(c, ctx):
    from nnport.frameworks.mxnet.support import helper
    mode = layers.pad_mode(c)
    node, v = c.get("pad"), c.lit("pad")
    if v is NOT_LITERAL:   # sizes known when it runs (a tuple of expressions): passed on as they are
        els = getattr(node, "elements", None)
        if els is None:
            raise Unsupported(f"pad={code(node)}: only literal or tuple paddings are translated")
        if any(code(e.value).lstrip().startswith("-") for e in els):
            raise Unsupported("negative padding (cropping)")
        pads = code(node)
    else:
        pads = repr(layers.flat_pads(c, "pad", None))
    value = layers.pad_value(c)
    tail = ("" if mode == "constant" else f", {mode!r}") + ("" if value is None else f", value={value}")
    return expr(f"{helper(ctx, 'spatial', 'pad')}(F, {{x}}, {pads}{tail})", x=c.get("input"))


def _upsample(c, ctx):
    from nnport.frameworks.mxnet.support import helper
    mode, corners, scales, n = layers.upsample_args(c)
    x = c.get("input")
    if isinstance(scales, int):
        return expr(f"F.UpSampling({{x}}, scale={scales}, sample_type='nearest')", x=x)
    if scales is not None:
        args = f"{scales!r}" + ("" if mode == "nearest" else f", {mode!r}") + (", align_corners=True" if corners else "")
        return expr(f"{helper(ctx, 'spatial', 'upsample')}(F, {{x}}, {args})", x=x)
    size = c.lit("size") if c.get("size") is not None else None
    if mode == "bilinear" and isinstance(size, (tuple, list)) and len(size) == 2 and all(isinstance(s, int) for s in size):
        return expr(f"F.contrib.BilinearResize2D({{x}}, height={size[0]}, width={size[1]}, "
                    f"align_corners={corners!r})", x=x)
    return expr(f"{helper(ctx, 'spatial', 'resize')}({{x}}, {layers.resize_args(c, mode, corners)})", x=x)


def _shuffle(name: str, factor: str):
    def emit(c, ctx):
        from nnport.frameworks.mxnet.support import helper
        return expr(f"{helper(ctx, 'spatial', name)}(F, {{x}}, {code(c.get(factor))})", x=c.get("input"))
    return emit


fn("pad", "pad", _pad)   # support/spatial.py (labels)
fn("upsample", "upsample", _upsample)
fn("pixel_shuffle", "pixel_shuffle", _shuffle("pixel_shuffle", "upscale_factor"))
fn("pixel_unshuffle", "pixel_unshuffle", _shuffle("pixel_unshuffle", "downscale_factor"))


def _fold(c, ctx):
    out = c.get("output_size")
    size = repr(layers.pairs(c, "output_size", 0)) if c.lit("output_size") is not NOT_LITERAL else code(out)
    return expr(f"F.col2im({{x}}, output_size={size}, {layers.col_kwargs(c)})", x=c.get("input"))


fn("mxnet.ndarray.im2col", "im2col", lambda c, ctx: expr(f"F.im2col({{x}}, {layers.col_kwargs(c)})", x=c.get("input")))
fn("mxnet.ndarray.col2im", "col2im", _fold)
fn("channel_shuffle", "channel_shuffle", _shuffle("channel_shuffle", "groups"))


def _corners(c) -> bool:
    v = c.lit("align_corners") if c.get("align_corners") is not None else None
    if v not in (None, True, False):
        raise Unsupported(f"align_corners={code(c.get('align_corners'))}: True or False")
    return bool(v)


def _grid_sample(c, ctx):
    from nnport.frameworks.mxnet.support import helper
    mode, padding = c.lit("mode"), c.lit("padding_mode")
    if mode not in ("bilinear", "nearest"):
        raise Unsupported(f"mode={code(c.get('mode'))}: 'bilinear' or 'nearest'")
    if padding not in ("zeros", "border", "reflection"):
        raise Unsupported(f"padding_mode={code(c.get('padding_mode'))}: 'zeros', 'border' or 'reflection'")
    args = f"{mode!r}, {padding!r}" + (", align_corners=True" if _corners(c) else "")
    return expr(f"{helper(ctx, 'spatial', 'grid_sample')}({{x}}, {{g}}, {args})", x=c.get("input"), g=c.get("grid"))


def _affine_grid(c, ctx):
    from nnport.frameworks.mxnet.support import helper
    tail = ", align_corners=True" if _corners(c) else ""
    return expr(f"{helper(ctx, 'spatial', 'affine_grid')}(F, {{t}}, {{s}}{tail})", t=c.get("theta"), s=c.get("size"))


fn("grid_sample", "grid_sample", _grid_sample)
fn("affine_grid", "affine_grid", _affine_grid)
