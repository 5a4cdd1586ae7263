"""Pivot ops -> keras.ops: activations (the forms of layers/activation.py), dropout, normalize, linear,
distances, one_hot. An op some earlier family module already emits is skipped: this module is last."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.functions._registry import FUNCTIONS, fn as _fn
from nnport.frameworks.keras.layers.activation import ACTIVATIONS, Act
from nnport.frameworks.keras.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Unsupported
from nnport.translate.emit import call, expr, parenthesize


def fn(api: str, op: str, emit, **kw):
    if api not in FUNCTIONS and not any(e.emit is not None for e in FUNCTIONS.for_op(op)):
        _fn(api, op, _operand(emit), **kw)


def _operand(emit):
    """Compound results come parenthesized: the engine splices them as they are."""
    def wrapped(c, ctx):
        out = emit(c, ctx)
        return parenthesize(cst.parse_expression(out) if isinstance(out, str) else out)
    return wrapped


for _op, _act in ACTIVATIONS.items():
    api = f"activation_{_op}" if not isinstance(_act, Act) else \
        _act.api if _act.api.startswith("keras.") else f"keras.{_act.api}"
    fn(api, _op, _act.function)


def _prelu(c, ctx):
    return expr(helper(ctx, "activation", "prelu") + "({x}, {w})", x=c.get("input"), w=c.get("weight"))


fn("prelu", "prelu", _prelu)


# --- dropout ------------------------------------------------------------------------------------------
def _dropout(c, ctx, noise_shape: str | None = None):
    training = c.lit("training")
    p = c.lit("p")
    if training is False or p == 0:
        return c.get("input")
    if p is not NOT_LITERAL and not (0 <= p < 1):
        raise Unsupported(f"dropout with p={p!r}")
    x = c.get("input")
    if noise_shape is None:
        drop = expr("keras.random.dropout({x}, {p})", x=x, p=c.get("p"))
    else:
        drop = expr("keras.random.dropout({x}, {p}, noise_shape=%s)" % noise_shape, x=x, p=c.get("p"))
    if training is True:
        return drop
    return expr("{d} if {t} else {x}", d=drop, t=c.get("training"), x=x)


fn("keras.random.dropout", "dropout", _dropout)
fn("dropout_channel", "dropout_channel",   # one mask value per (sample, channel), NC* layout
   lambda c, ctx: _dropout(c, ctx, "ops.shape({x})[:2] + (1,) * (ops.ndim({x}) - 2)"))


def _alpha_dropout(channels: bool):
    def emit(c, ctx):
        training, p = c.lit("training"), c.lit("p")
        if training is False or p == 0:
            return c.get("input")
        name = helper(ctx, "norm", "alpha_dropout")
        drop = expr(name + "({x}, {p}" + (", channel_axis=1)" if channels else ")"), x=c.get("input"), p=c.get("p"))
        if training is True:
            return drop
        return expr("{d} if {t} else {x}", d=drop, t=c.get("training"), x=c.get("input"))
    return emit


fn("alpha_dropout", "alpha_dropout", _alpha_dropout(False))
fn("feature_alpha_dropout", "feature_alpha_dropout", _alpha_dropout(True))


# --- normalize, linear, distances, one_hot ----------------------------------------------------------
def _normalize(c, ctx):
    norm = call("ops.norm", "{input}", ord="{p}", axis="{dim}", keepdims="True",
                sig="x, ord=None, axis=None, keepdims=False")(c, ctx)
    return expr("{x} / ops.maximum({n}, {e})", x=c.get("input"), n=norm, e=c.get("eps"))


fn("normalize", "normalize", _normalize)


def _linear(c, ctx):
    out = expr("ops.matmul({x}, ops.transpose({w}))", x=c.get("input"), w=c.get("weight"))
    b = c.get("bias")
    if b is None or (isinstance(b, cst.Name) and b.value == "None"):
        return out
    return expr("{o} + {b}", o=out, b=b)


fn("linear", "linear", _linear)


def _cosine_similarity(c, ctx):
    name = helper(ctx, "normact", "cosine_similarity")
    return call(name, "{x1}", "{x2}", dim="{dim}", eps="{eps}", sig="x1, x2, dim=1, eps=1e-8")(c, ctx)


fn("cosine_similarity", "cosine_similarity", _cosine_similarity)


def _pairwise_distance(c, ctx):
    name = helper(ctx, "reduction", "vector_norm")
    diff = expr("{a} - {b} + {e}", a=c.get("x1"), b=c.get("x2"), e=c.get("eps"))
    return call(name, lambda c, ctx: diff, "{p}", axis="-1", keepdims="{keepdim}",
                sig="x, ord=2, axis=None, keepdims=False")(c, ctx)


fn("pairwise_distance", "pairwise_distance", _pairwise_distance)


def _one_hot(c, ctx):
    n = c.lit("num_classes")
    num = expr("int(ops.max({x})) + 1", x=c.get("input")) if n == -1 else c.get("num_classes")
    return expr("ops.one_hot({x}, {n}, dtype='int64')", x=c.get("input"), n=num)


fn("keras.ops.one_hot", "one_hot", _one_hot)
