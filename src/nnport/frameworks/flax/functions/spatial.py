"""Functional convolutions, pooling, resampling, padding, pixel shuffle for Flax targets.

Inputs and outputs stay (N, C, *spatial) as in PyTorch: lax primitives with explicit dimension
numbers, or the layer emitters of flax/layers/{pool,spatial}.py with channels_last=False."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.flax.functions._registry import fn
from nnport.frameworks.flax.layers import pool, spatial
from nnport.frameworks.spec import Canon, Unsupported, code
from nnport.translate.emit import expr

_DIMS = {1: "('NCH', 'OIH', 'NCH')", 2: "('NCHW', 'OIHW', 'NCHW')", 3: "('NCDHW', 'OIDHW', 'NCDHW')"}


def _with_input(template: str, c: Canon) -> cst.BaseExpression:
    return expr(template, x=c.get("input"))


def _bias(out: str, c: Canon, n: int) -> cst.BaseExpression:
    b = c.get("bias")
    nodes = {"x": c.get("input"), "w": c.get("weight")}
    if b is None or code(b) == "None":
        return expr(out, **nodes)
    return expr(f"{out} + {{b}}.reshape(-1{', 1' * n})", b=b, **nodes)


def _tuple(c: Canon, name: str, n: int) -> tuple:
    return pool.tup(c, name, n)


def conv(c: Canon, ctx) -> cst.BaseExpression:
    n = c.lit("ndim")
    s, d = _tuple(c, "stride", n), _tuple(c, "dilation", n)
    p = pool.lit(c, "padding")
    pad = repr(p.upper()) if isinstance(p, str) else repr([(q, q) for q in ((p,) * n if isinstance(p, int)
                                                                           else p)])
    g = code(c.get("groups"))
    extra = (f", rhs_dilation={d!r}" if set(d) != {1} else "") + (f", feature_group_count={g}" if g != "1" else "")
    return _bias(f"jax.lax.conv_general_dilated({{x}}, {{w}}, {s!r}, {pad}{extra}, "
                 f"dimension_numbers={_DIMS[n]})", c, n)


def conv_transpose(c: Canon, ctx) -> cst.BaseExpression:
    n = c.lit("ndim")
    if pool.lit(c, "groups") != 1:
        raise Unsupported("conv_transpose with groups > 1")
    w = c.get("weight")
    s, p, op, d = (_tuple(c, a, n) for a in ("stride", "padding", "output_padding", "dilation"))
    if not isinstance(w, (cst.Name, cst.Attribute, cst.Subscript)):
        raise Unsupported("conv_transpose needs the kernel size: pass the weight as a name")
    k = ", ".join(f"{dd} * ({code(w)}.shape[{i + 2}] - 1)" for i, dd in enumerate(d))
    pads = f"[(k - p, k - p + o) for k, p, o in zip(({k},), {p!r}, {op!r})]"
    extra = f", rhs_dilation={d!r}" if set(d) != {1} else ""
    return _bias(f"jax.lax.conv_transpose({{x}}, {{w}}, {s!r}, {pads}{extra}, "
                 f"dimension_numbers={_DIMS[n]}, transpose_kernel=True)", c, n)


def _nchw(emitter):
    return lambda c, ctx: _with_input(emitter(c, ctx, channels_last=False), c)


def _pad(c: Canon, ctx) -> cst.BaseExpression:
    pairs = spatial.pad_pairs(c, "pad", None)
    width = ", ".join(f"({a}, {b})" for a, b in pairs)
    x = c.get("input")
    if not isinstance(x, (cst.Name, cst.Attribute)):   # x is used twice: the helper names it once
        from nnport.frameworks.flax.support import helper
        name = helper(ctx, "spatial", "pad_last_axes")
        return expr(f"{name}({{x}}, [{width}]{spatial.pad_mode(c)})", x=x)
    return expr(f"jnp.pad({{x}}, [(0, 0)] * ({{x}}.ndim - {len(pairs)}) + [{width}]{spatial.pad_mode(c)})",
                x=x)


fn("jax.lax.conv_general_dilated", "conv", conv)
fn("jax.lax.conv_transpose", "conv_transpose", conv_transpose)
fn("max_pool", "max_pool", _nchw(pool.max_pool))
fn("avg_pool", "avg_pool", _nchw(pool.avg_pool))
fn("adaptive_avg_pool", "adaptive_avg_pool",
   _nchw(lambda c, ctx, channels_last: pool.adaptive(c, ctx, "jnp.mean", channels_last)))
fn("adaptive_max_pool", "adaptive_max_pool",
   _nchw(lambda c, ctx, channels_last: pool.adaptive(c, ctx, "jnp.max", channels_last)))
fn("interpolate", "upsample", _nchw(spatial.upsample))
fn("jnp.pad", "pad", _pad)
fn("pixel_shuffle", "pixel_shuffle",
   _nchw(lambda c, ctx, channels_last: spatial.shuffle(c, ctx, "pixel_shuffle", "upscale_factor", False)))
fn("pixel_unshuffle", "pixel_unshuffle",
   _nchw(lambda c, ctx, channels_last: spatial.shuffle(c, ctx, "pixel_unshuffle", "downscale_factor", False)))
