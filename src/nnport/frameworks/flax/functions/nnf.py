"""Pivot ops -> jax.nn / jax.numpy: activations, dropout, normalize, linear, distances, one_hot.

A pivot op some earlier family module already emits (e.g. activations served from
flax/layers/activation.py through nn_functional.py) is skipped here: this module is imported last.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.flax.functions._registry import FUNCTIONS, fn as _fn
from nnport.frameworks.flax.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code
from nnport.translate.emit import call, expr, parenthesize


def fn(api: str, op: str, emit, **kw):
    if api not in FUNCTIONS and not any(e.emit is not None for e in FUNCTIONS.for_op(op)):
        _fn(api, op, _operand(emit), **kw)


def _operand(emit):
    """Compound results (`x - jnp.tanh(x)`) come parenthesized: the engine splices them into the
    surrounding expression as they are (`F.tanhshrink(x) * 2`)."""
    def wrapped(c, ctx):
        out = emit(c, ctx)
        return parenthesize(cst.parse_expression(out) if isinstance(out, str) else out)
    return wrapped


def _t(text: str):
    """An emit hook: `text` with `{name}` holes filled by canonical arguments."""
    import re
    names = set(re.findall(r"\{(\w+)\}", text))

    def emit(c, ctx):
        return expr(text, **{n: c.get(n) for n in names})
    return emit


# --- plain activations: jax.nn has the same function ------------------------------------------------
for _op, _api in {"relu6": "jax.nn.relu6", "silu": "jax.nn.silu", "mish": "jax.nn.mish",
                  "selu": "jax.nn.selu", "softsign": "jax.nn.soft_sign", "hardswish": "jax.nn.hard_swish",
                  "hardsigmoid": "jax.nn.hard_sigmoid", "log_sigmoid": "jax.nn.log_sigmoid"}.items():
    fn(_api, _op, call(_api, "{input}"))

fn("jax.nn.leaky_relu", "leaky_relu", call("jax.nn.leaky_relu", "{input}", negative_slope="{negative_slope}",
                                           sig="x, negative_slope=0.01"))
fn("jax.nn.elu", "elu", call("jax.nn.elu", "{input}", alpha="{alpha}", sig="x, alpha=1.0"))
fn("jax.nn.celu", "celu", call("jax.nn.celu", "{input}", alpha="{alpha}", sig="x, alpha=1.0"))
fn("jax.nn.glu", "glu", call("jax.nn.glu", "{input}", axis="{dim}", sig="x, axis=-1"))


def _gelu(c, ctx):
    a = c.lit("approximate")
    if a not in ("none", "tanh"):
        raise Unsupported(f"gelu(approximate={code(c.get('approximate'))}): 'none' or 'tanh' literals only")
    # jax.nn.gelu defaults to the tanh approximation; PyTorch's default is the exact (erf) form
    return call("jax.nn.gelu", "{input}", approximate="True" if a == "tanh" else "False")(c, ctx)


fn("jax.nn.gelu", "gelu", _gelu)


def _softplus(c, ctx):
    beta, th = c.lit("beta"), c.lit("threshold")
    if beta == 1 and th == 20:   # beyond x > 20, log1p(exp(x)) == x in float32: jax's form is exact
        return call("jax.nn.softplus", "{input}")(c, ctx)
    if beta == 1:
        return _t("jnp.where({input} > {threshold}, {input}, jax.nn.softplus({input}))")(c, ctx)
    return _t("jnp.where({input} * {beta} > {threshold}, {input}, jax.nn.softplus({input} * {beta}) / {beta})"
              )(c, ctx)


fn("jax.nn.softplus", "softplus", _softplus)


def _hardtanh(c, ctx):
    lo, hi = c.lit("min_val"), c.lit("max_val")
    if lo == -1 and hi == 1:
        return call("jax.nn.hard_tanh", "{input}")(c, ctx)
    return call("jnp.clip", "{input}", min="{min_val}", max="{max_val}")(c, ctx)


fn("jax.nn.hard_tanh", "hardtanh", _hardtanh)
fn("tanhshrink", "tanhshrink", _t("{input} - jnp.tanh({input})"))
fn("threshold", "threshold", _t("jnp.where({input} > {threshold}, {input}, {value})"))
fn("hardshrink", "hardshrink", _t("jnp.where(jnp.abs({input}) > {lambd}, {input}, 0)"))
fn("softshrink", "softshrink", _t("jnp.sign({input}) * jnp.maximum(jnp.abs({input}) - {lambd}, 0)"))


def _softmin(c, ctx):
    if c.lit("dim") is None:
        raise Unsupported("softmin without dim (PyTorch's implicit dim is deprecated)")
    return expr("jax.nn.softmax(-{x}, axis={d})", x=c.get("input"), d=c.get("dim"))


fn("softmin", "softmin", _softmin)


def _prelu(c, ctx):
    name = helper(ctx, "activation", "prelu")   # shared with the PReLU module (support/activation.py)
    return expr(name + "({x}, {w})", x=c.get("input"), w=c.get("weight"))


fn("prelu", "prelu", _prelu)


# --- dropout ------------------------------------------------------------------------------------------
def _dropout(c, ctx, mask_shape: str | None = None):
    training = c.lit("training")
    p = c.lit("p")
    if training is False or p == 0:
        return c.get("input")
    if p is not NOT_LITERAL and not (0 <= p < 1):
        raise Unsupported(f"dropout with p={p!r}")
    x = c.get("input")
    shape = expr("{x}.shape", x=x) if mask_shape is None else expr(mask_shape, x=x)
    if isinstance(c.get("p"), (cst.Float, cst.Integer)):
        keep = cst.parse_expression(repr(round(1 - p, 12)))
    else:
        keep = expr("1 - {p}", p=c.get("p"))
    drop = expr("jnp.where(jax.random.bernoulli({r}(), {k}, {s}), {x} / {k}, 0)",
                r=ctx.rngs(), k=keep, s=shape, x=x)
    if training is True:
        return drop
    return expr("{d} if {t} else {x}", d=drop, t=c.get("training"), x=x)


fn("dropout", "dropout", _dropout)
fn("dropout_channel", "dropout_channel",   # one mask value per (sample, channel), NC* layout
   lambda c, ctx: _dropout(c, ctx, "{x}.shape[:2] + (1,) * ({x}.ndim - 2)"))


def _alpha_dropout(channel_axis: str | None):
    """PyTorch alpha_dropout / feature_alpha_dropout (support/norm.py's helper, shared with the
    AlphaDropout module); `training` defaults to False in these functions."""
    def emit(c, ctx):
        training, p = c.lit("training"), c.lit("p")
        if training is False or p == 0:
            return c.get("input")
        name = helper(ctx, "norm", "alpha_dropout")
        text = name + "({x}, {p}, {r}()" + (f", channel_axis={channel_axis})" if channel_axis else ")")
        drop = expr(text, x=c.get("input"), p=c.get("p"), r=ctx.rngs())
        if training is True:
            return drop
        return expr("{d} if {t} else {x}", d=drop, t=c.get("training"), x=c.get("input"))
    return emit


fn("alpha_dropout", "alpha_dropout", _alpha_dropout(None))
fn("feature_alpha_dropout", "feature_alpha_dropout", _alpha_dropout("1"))


# --- normalize, linear, distances, one_hot ----------------------------------------------------------
_VNORM = "x, /, *, axis=None, keepdims=False, ord=2"


def _normalize(c, ctx):
    norm = call("jnp.linalg.vector_norm", "{input}", ord="{p}", axis="{dim}", keepdims="True", sig=_VNORM)(c, ctx)
    return expr("{x} / jnp.maximum({n}, {e})", x=c.get("input"), n=norm, e=c.get("eps"))


fn("normalize", "normalize", _normalize)


def _linear(c, ctx):
    out = expr("{x} @ {w}.T", x=c.get("input"), w=c.get("weight"))
    b = c.get("bias")
    if b is None or (isinstance(b, cst.Name) and b.value == "None"):
        return out
    return expr("{o} + {b}", o=out, b=b)


fn("linear", "linear", _linear)


def _cosine_similarity(c, ctx):
    name = helper(ctx, "normact", "cosine_similarity")
    args = [c.get("x1"), c.get("x2")]
    text = name + "({a}, {b}"
    nodes = {"a": args[0], "b": args[1]}
    if c.lit("dim") != 1:
        text += ", dim={d}"
        nodes["d"] = c.get("dim")
    if c.lit("eps") != 1e-8:
        text += ", eps={e}"
        nodes["e"] = c.get("eps")
    return expr(text + ")", **nodes)


fn("cosine_similarity", "cosine_similarity", _cosine_similarity)


def _pairwise_distance(c, ctx):
    return call("jnp.linalg.vector_norm", lambda c, ctx: expr("{a} - {b} + {e}", a=c.get("x1"), b=c.get("x2"),
                                                            e=c.get("eps")),
                ord="{p}", axis="-1", keepdims="{keepdim}", sig=_VNORM)(c, ctx)


fn("pairwise_distance", "pairwise_distance", _pairwise_distance)


def _one_hot(c, ctx):
    n = c.lit("num_classes")
    if n == -1:
        num = expr("int({x}.max()) + 1", x=c.get("input"))
    else:
        num = c.get("num_classes")
    # PyTorch returns int64; JAX's default integer (int32 unless x64 is on) holds the same 0/1 values
    return expr("jax.nn.one_hot({x}, {n}, dtype=jnp.int_)", x=c.get("input"), n=num)


fn("jax.nn.one_hot", "one_hot", _one_hot)
