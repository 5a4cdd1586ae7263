"""Functional convolutions, pooling, resampling, padding, pixel shuffle for Keras targets.

Inputs and outputs stay (N, C, *spatial) as in PyTorch: keras.ops with data_format="channels_first",
or the layer emitters of keras/layers/{pool,spatial}.py in their function form."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.functions._registry import fn
from nnport.frameworks.keras.layers import pool, spatial
from nnport.frameworks.keras.layers._registry import CF
from nnport.frameworks.spec import Canon, Unsupported, code
from nnport.translate.emit import expr


def _bias(out: str, c: Canon, n: int, kernel: cst.BaseExpression) -> cst.BaseExpression:
    b = c.get("bias")
    nodes = {"x": c.get("input"), "w": kernel}
    if b is None or code(b) == "None":
        return expr(out, **nodes)
    return expr(f"{out} + ops.reshape({{b}}, (-1{', 1' * n}))", b=b, **nodes)


def _size(t: tuple) -> str:
    return repr(t[0]) if len(set(t)) == 1 else repr(t)


def _kernel(c: Canon, n: int, order: tuple[int, ...]) -> cst.BaseExpression:
    """The torch weight in Keras's kernel layout (ops.transpose with `order`)."""
    return expr("ops.transpose({w}, %r)" % (order,), w=c.get("weight"))


def conv(c: Canon, ctx) -> cst.BaseExpression:
    """F.convNd: ops.conv on a (*k, in/groups, out) kernel; explicit padding through support/conv.py.
    groups need no argument: every backend's ops.conv reads them off the kernel's input channels
    (C / groups), as layers.ConvND with groups call it."""
    n = c.lit("ndim")
    s, d = pool.tup(c, "stride", n), pool.tup(c, "dilation", n)
    p = pool.lit(c, "padding")
    x = "{x}"
    if isinstance(p, str):
        pad = p
    else:
        pads = (p,) * n if isinstance(p, int) else tuple(p)
        pad = "valid"
        if any(pads):
            from nnport.frameworks.keras.support import helper
            x = f"{helper(ctx, 'conv', 'pad_nd')}({{x}}, {tuple((q, q) for q in pads)!r})"
    if pad == "same" and set(s) != {1}:
        raise Unsupported("padding='same' with stride > 1")
    w = _kernel(c, n, tuple(range(2, n + 2)) + (1, 0))
    extra = (f", strides={_size(s)}" if set(s) != {1} else "") + (f", dilation_rate={_size(d)}" if set(d) != {1} else "")
    return _bias(f"ops.conv({x}, {{w}}{extra}, padding={pad!r}, data_format={CF})", c, n, w)


def conv_transpose(c: Canon, ctx) -> cst.BaseExpression:
    """F.conv_transposeNd: ops.conv_transpose ('valid', output_padding) cropped by PyTorch's padding."""
    n = c.lit("ndim")
    if pool.lit(c, "groups") != 1:
        raise Unsupported("conv_transpose with groups > 1")
    s, p, op, d = (pool.tup(c, a, n) for a in ("stride", "padding", "output_padding", "dilation"))
    w = _kernel(c, n, tuple(range(2, n + 2)) + (1, 0))   # (in, out, *k) -> (*k, out, in)
    extra = (f", dilation_rate={_size(d)}" if set(d) != {1} else "")
    out = f"ops.conv_transpose({{x}}, {{w}}, {_size(s)}, padding='valid', output_padding={_size(op)}{extra}, " \
          f"data_format={CF})"
    if any(p):
        crop = ", ".join(":" for _ in range(2)) + ", " + ", ".join(f"{q}:-{q}" if q else ":" for q in p)
        out = f"{out}[{crop}]"
    return _bias(out, c, n, w)


def _function(emitter):
    return lambda c, ctx: expr(emitter(c, ctx, as_layer=False), x=c.get("input"))


fn("keras.ops.conv", "conv", conv)
fn("keras.ops.conv_transpose", "conv_transpose", conv_transpose)
fn("max_pool", "max_pool", _function(pool.max_pool))
fn("avg_pool", "avg_pool", _function(pool.avg_pool))
fn("adaptive_avg_pool", "adaptive_avg_pool", _function(lambda c, ctx, as_layer: pool.adaptive(c, ctx, "mean", as_layer)))
fn("adaptive_max_pool", "adaptive_max_pool", _function(lambda c, ctx, as_layer: pool.adaptive(c, ctx, "max", as_layer)))


def _pad(c: Canon, ctx) -> cst.BaseExpression:
    from nnport.frameworks.keras.support import helper
    args = spatial.pad_args(c, spatial.pad_pairs(c, "pad", None))
    return expr(f"{helper(ctx, 'conv', 'pad_nd')}({{x}}, {args})", x=c.get("input"))


fn("interpolate", "upsample", _function(spatial.upsample))
fn("pad", "pad", _pad)
fn("pixel_shuffle", "pixel_shuffle",
   _function(lambda c, ctx, as_layer: spatial.shuffle(c, ctx, "pixel_shuffle", "upscale_factor", as_layer)))
fn("pixel_unshuffle", "pixel_unshuffle",
   _function(lambda c, ctx, as_layer: spatial.shuffle(c, ctx, "pixel_unshuffle", "downscale_factor", as_layer)))
