"""Pivot ops -> F.embedding as F.take of the weight's rows (support/embedding.py's embedding where
padding_idx stops that row's gradient)."""
from __future__ import annotations

from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.mxnet.layers.embedding import check_exact
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code
from nnport.translate.emit import call, expr


def _embedding(c, ctx):
    from nnport.frameworks.mxnet.support import helper
    check_exact(c)
    x, w = c.get("input"), c.get("weight")
    if c.get("padding_idx") is None or c.lit("padding_idx") is None:
        return expr("F.take({w}, {x})", w=w, x=x)
    p = c.lit("padding_idx")
    if p is NOT_LITERAL or p < 0:
        raise Unsupported(f"padding_idx={code(c.get('padding_idx'))}: a literal non-negative index")
    return expr(f"{helper(ctx, 'embedding', 'embedding')}(F, {{x}}, {{w}}, padding_idx={p})", x=x, w=w)


fn("mxnet.ndarray.take", "embedding", _embedding)


def _bilinear(c, ctx):
    from nnport.frameworks.mxnet.support import helper
    return call(helper(ctx, "embedding", "bilinear"), "F", "{input1}", "{input2}", "{weight}", bias="{bias}",
                sig="F, x1, x2, weight, bias=None")(c, ctx)


fn("bilinear", "bilinear_fn", _bilinear)


def _embedding_bag(c, ctx):
    from nnport.frameworks.mxnet.layers.embedding import bag_mode
    from nnport.frameworks.mxnet.support import helper
    check_exact(c)
    mode = bag_mode(c)
    p = c.lit("padding_idx") if c.get("padding_idx") is not None else None
    if p is NOT_LITERAL:
        raise Unsupported(f"padding_idx={code(c.get('padding_idx'))}: only literal indices are translated")
    if p is not None and p < 0:   # PyTorch counts it from the weight's rows
        pad = expr(f"{{w}}.shape[0] + ({p})", w=c.get("weight"))
    else:
        pad = cst_value(p)
    args = dict(x=c.get("input"), w=c.get("weight"), pad=pad)
    psw = c.get("per_sample_weights")
    tail = f", '{mode}'" + (", per_sample_weights={psw}" if psw is not None and c.lit("per_sample_weights") is not None else "")
    if psw is not None and c.lit("per_sample_weights") is not None:
        args["psw"] = psw
    tail += ", padding_idx={pad}"
    offsets = c.get("offsets")
    if offsets is None or c.lit("offsets") is None:
        return expr(f"{helper(ctx, 'embedding', 'bag_reduce')}(F, {{x}}, {{w}}{tail})", **args)
    last = c.lit("include_last_offset") if c.get("include_last_offset") is not None else False
    return expr(f"{helper(ctx, 'embedding', 'embedding_bag')}(F, {{x}}, {{w}}, {{offsets}}{tail}, "
                f"include_last_offset={last!r})", offsets=offsets, **args)


def cst_value(v):
    import libcst as cst
    return cst.parse_expression(repr(v))


fn("embedding_bag", "embedding_bag", _embedding_bag)   # support/embedding.py (label)
