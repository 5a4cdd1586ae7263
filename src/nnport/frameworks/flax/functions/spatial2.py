"""Functional LP pooling, channel shuffle and im2col for Flax targets: (N, C, *spatial) in and out,
through the layer emitters of flax/layers/spatial2.py; F.affine_grid and F.grid_sample: the shared
table of frameworks/sampling_functions.py."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.flax.functions._registry import fn
from nnport.frameworks.flax.layers import spatial2
from nnport.frameworks.flax.layers.pool import lit
from nnport.frameworks import sampling_functions
from nnport.frameworks.flax.support import helper
from nnport.frameworks.spec import Canon
from nnport.translate.emit import expr


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


sampling_functions.register(fn, helper, lit)
