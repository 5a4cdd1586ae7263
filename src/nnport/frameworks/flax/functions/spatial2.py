"""Functional LP pooling, channel shuffle and im2col for Flax targets: (N, C, *spatial) in and out,
through the layer emitters of flax/layers/spatial2.py."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.flax.functions._registry import fn
from nnport.frameworks.flax.layers import spatial2
from nnport.frameworks.flax.layers.pool import lit
from nnport.frameworks.flax.support import helper
from nnport.frameworks.spec import Canon, Unsupported, code
from nnport.translate.emit import call, expr


def _on_input(body) -> callable:
    """Inline the input where it is a name; `(lambda x: ...)(input)` for other expressions, which the
    body reads several times."""
    def emit(c: Canon, ctx) -> cst.BaseExpression:
        x = c.get("input")
        if isinstance(x, (cst.Name, cst.Attribute)):
            return expr(body(c, ctx, "{x}"), x=x)
        return cst.Call(cst.parse_expression(f"(lambda x: {body(c, ctx, 'x')})"), [cst.Arg(x)])
    return emit


fn("lp_pool", "lp_pool", lambda c, ctx: expr(spatial2.lp_pool(c, ctx, channels_last=False), x=c.get("input")))
fn("channel_shuffle", "channel_shuffle", _on_input(spatial2.channel_shuffle))
fn("im2col", "im2col", _on_input(spatial2.im2col))
fn("col2im", "col2im", lambda c, ctx: expr(spatial2.col2im(c, ctx, "{x}"), x=c.get("input")))


def _align(c: Canon, ctx):
    """align_corners: PyTorch's None means False, the helpers' default."""
    v = c.get("align_corners")
    if v is None or code(v) in ("None", "False"):
        return None
    if code(v) == "True":
        return "True"
    raise Unsupported(f"align_corners={code(v)}: only literal values are translated")


def _grid_sample(c: Canon, ctx) -> cst.BaseExpression:
    mode, pad = lit(c, "mode"), lit(c, "padding_mode")
    if mode not in ("bilinear", "nearest"):
        raise Unsupported(f"mode={mode!r}: only 'bilinear' and 'nearest' are translated")
    if pad not in ("zeros", "border", "reflection"):
        raise Unsupported(f"padding_mode={pad!r}")
    return call(helper(ctx, "spatial2", "grid_sample", "_source_coords"), "{input}", "{grid}", mode="{mode}",
                padding_mode="{padding_mode}", align_corners=_align, sig=GRID_SAMPLE_SIG)(c, ctx)


GRID_SAMPLE_SIG = "x, grid, mode='bilinear', padding_mode='zeros', align_corners=False"
AFFINE_GRID_SIG = "theta, size, align_corners=False"
fn("grid_sample", "grid_sample", _grid_sample)
fn("affine_grid", "affine_grid", lambda c, ctx: call(
    helper(ctx, "spatial2", "affine_grid"), "{theta}", "{size}", align_corners=_align, sig=AFFINE_GRID_SIG)(c, ctx))
