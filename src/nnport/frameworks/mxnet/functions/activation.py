"""Pivot ops -> Gluon: the functional forms of the activations (layers/activation.py ACTIVATIONS),
F.prelu, F.normalize, F.linear, cosine_similarity, pairwise_distance. An op an earlier family module
already writes (sigmoid, tanh: math.py) is skipped."""
from __future__ import annotations

from nnport.frameworks.mxnet.functions._registry import FUNCTIONS, fn as _fn
from nnport.frameworks.mxnet.layers.activation import ACTIVATIONS
from nnport.frameworks.mxnet.support import helper
from nnport.frameworks.spec import code
from nnport.translate.emit import call, expr


def fn(api: str, op: str, emit, **kw):
    if api not in FUNCTIONS and not any(e.emit is not None for e in FUNCTIONS.for_op(op)):
        _fn(api, op, emit, **kw)


for _op, _act in ACTIVATIONS.items():
    fn(f"activation_{_op}", _op, _act.function)

fn("prelu", "prelu", lambda c, ctx: call(helper(ctx, "activation", "prelu"), "F", "{input}", "{weight}")(c, ctx))


# --- normalize, linear, distances ---------------------------------------------------------------------
def _norm(c, ctx, x, axis: str, keepdims: str):
    """support/reduction.py vector_norm(F, x, p, axis=..., keepdims=...); `axis`, `keepdims`: emit specs."""
    return call(helper(ctx, "reduction", "vector_norm"), "F", lambda c, ctx: x, "{p}", axis=axis,
                keepdims=keepdims, sig="F, x, ord=2, axis=None, keepdims=False")(c, ctx)


def _normalize(c, ctx):
    """x / max(||x||_p over dim, eps)."""
    n = _norm(c, ctx, c.get("input"), "{dim}", "True")
    return expr("F.broadcast_div({x}, F.maximum({n}, {e}))", x=c.get("input"), n=n, e=c.get("eps"))


fn("normalize", "normalize", _normalize)


def _linear(c, ctx):
    """x @ w.T (+ b): F.dot contracts x's last axis, any rank."""
    out = expr("F.dot({x}, {w}, transpose_b=True)", x=c.get("input"), w=c.get("weight"))
    b = c.get("bias")
    if b is None or code(b) == "None":
        return out
    return expr("F.broadcast_add({o}, {b})", o=out, b=b)


fn("linear", "linear", _linear)
fn("cosine_similarity", "cosine_similarity", lambda c, ctx: call(
    helper(ctx, "reduction", "cosine_similarity"), "F", "{x1}", "{x2}", dim="{dim}", eps="{eps}",
    sig="F, x1, x2, dim=1, eps=1e-8")(c, ctx))


def _pairwise_distance(c, ctx):
    """||x1 - x2 + eps||_p over the last axis."""
    diff = expr("F.broadcast_sub({a}, {b}) + {e}", a=c.get("x1"), b=c.get("x2"), e=c.get("eps"))
    return _norm(c, ctx, diff, "-1", "{keepdim}")


fn("pairwise_distance", "pairwise_distance", _pairwise_distance)

