"""flax layers: activations. Parameter-free module forms become functions (`jax.nn.silu`,
`partial(jax.nn.leaky_relu, negative_slope=0.2)`, `lambda x: ...`); `ACTIVATIONS` serves the
functional forms too (flax/functions/nn_functional.py). PReLU is a helper module."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.flax.layers._registry import layer
from nnport.frameworks.flax.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, W, code
from nnport.translate.emit import call, expr


class Fn:
    """An activation as `api(x, **kw)`: the layer form is `api` or `partial(api, **kw)`."""

    def __init__(self, api: str, sig: str = "x", **kw):
        self.api, self.sig, self.kw = api, sig, kw

    def layer(self, c, ctx):
        out = call("partial", self.api, sig=self.sig, **self.kw)(c, ctx)
        return out.args[0].value if len(out.args) == 1 else out

    def function(self, c, ctx):
        return call(self.api, "{input}", sig=self.sig, **self.kw)(c, ctx)


class Template:
    """An activation as an expression of x (`{x}`) and canonical arguments (`{name}`): the layer
    form is `lambda x: ...`; the function form names a non-trivial input once through a lambda."""

    def __init__(self, template: str):
        self.template = template

    def _expr(self, c, x):
        names = {n: c.get(n) for n in _holes(self.template) if n != "x"}
        missing = [n for n, v in names.items() if v is None]
        if missing:
            raise Unsupported(f"{c.extra.get('api')}: no value for {', '.join(missing)}")
        return expr(self.template, x=x, **names)

    def layer(self, c, ctx):
        return cst.Lambda(cst.Parameters([cst.Param(cst.Name("x"))]), self._expr(c, cst.Name("x")))

    def function(self, c, ctx):
        x = c.get("input")
        if isinstance(x, cst.Name) or self.template.count("{x}") == 1:
            return self._expr(c, x)
        return expr("({f})({x})", f=self.layer(c, ctx), x=x)


def _holes(template: str) -> list[str]:
    import re
    return re.findall(r"\{(\w+)\}", template)


def _gelu(c, ctx):
    a = c.lit("approximate")
    if a == "none":
        return "False"
    if a == "tanh":
        return None   # jax.nn.gelu's default
    if a is NOT_LITERAL:
        return f"({code(c.get('approximate'))}) == 'tanh'"
    raise Unsupported(f"gelu approximate={a!r}")


def _dim(c, ctx):
    return c.get("dim")


class Softplus:
    """PyTorch softplus: x where beta * x > threshold, else log1p(exp(beta * x)) / beta. With the
    default threshold (20) the switch is below float32 resolution: jax.nn.softplus is exact."""

    def _pick(self, c):
        beta, th = c.lit("beta"), c.lit("threshold")
        if th == 20 and beta == 1:
            return Fn("jax.nn.softplus")
        if th == 20 and beta is not NOT_LITERAL:
            return Template("jax.nn.softplus({beta} * {x}) / {beta}")
        return Template("jnp.where({beta} * {x} > {threshold}, {x}, jax.nn.softplus({beta} * {x}) / {beta})")

    def layer(self, c, ctx):
        return self._pick(c).layer(c, ctx)

    def function(self, c, ctx):
        return self._pick(c).function(c, ctx)


class Hardtanh:
    def _pick(self, c):
        if c.lit("min_val") == -1 and c.lit("max_val") == 1:
            return Fn("jax.nn.hard_tanh")
        return Fn("jnp.clip", "arr=None, /, min=None, max=None", min="{min_val}", max="{max_val}")

    def layer(self, c, ctx):
        return self._pick(c).layer(c, ctx)

    def function(self, c, ctx):
        return self._pick(c).function(c, ctx)


ACTIVATIONS = {
    "relu6": Fn("jax.nn.relu6"),
    "leaky_relu": Fn("jax.nn.leaky_relu", "x, negative_slope=0.01", negative_slope="{negative_slope}"),
    "gelu": Fn("jax.nn.gelu", "x, approximate=True", approximate=_gelu),
    "silu": Fn("jax.nn.silu"),
    "mish": Fn("jax.nn.mish"),
    "elu": Fn("jax.nn.elu", "x, alpha=1.0", alpha="{alpha}"),
    "celu": Fn("jax.nn.celu", "x, alpha=1.0", alpha="{alpha}"),
    "selu": Fn("jax.nn.selu"),
    "softplus": Softplus(),
    "softsign": Fn("jax.nn.soft_sign"),
    "hardtanh": Hardtanh(),
    "hardswish": Fn("jax.nn.hard_swish"),
    "hardsigmoid": Fn("jax.nn.hard_sigmoid"),
    "sigmoid": Fn("jax.nn.sigmoid"),
    "log_sigmoid": Fn("jax.nn.log_sigmoid"),
    "tanh": Fn("jnp.tanh"),
    "tanhshrink": Template("{x} - jnp.tanh({x})"),
    "threshold": Template("jnp.where({x} > {threshold}, {x}, {value})"),
    "hardshrink": Template("jnp.where(jnp.abs({x}) > {lambd}, {x}, 0)"),
    "softshrink": Template("jnp.sign({x}) * jnp.maximum(jnp.abs({x}) - {lambd}, 0)"),
    "glu": Fn("jax.nn.glu", "x, axis=-1", axis=_dim),
    "softmax": Fn("jax.nn.softmax", "x, axis=-1", axis=_dim),
    "log_softmax": Fn("jax.nn.log_softmax", "x, axis=-1", axis=_dim),
    "softmin": Template("jax.nn.softmax(-{x}, axis={dim})"),
}
# the target API each op's emitter names (for the table checks; labels where it writes an expression)
_API = {"softplus": "jax.nn.softplus", "hardtanh": "jax.nn.hard_tanh"}

for _op, _act in ACTIVATIONS.items():
    _api = _API.get(_op) or (_act.api if isinstance(_act, Fn) else _op)
    layer(_api, _op, None, _act.layer)


def _prelu(c, ctx):
    cls = helper(ctx, "activation", "PReLU", "prelu")
    axis = "-1" if getattr(ctx, "channels_last", False) else "1"
    return call(cls, num_parameters="{num_parameters}", init="{init}", channel_axis=axis,
                sig="self, num_parameters=1, init=0.25, *, channel_axis=1")(c, ctx)


layer("PReLU", "prelu", "self, num_parameters=1, init=0.25, *, channel_axis=1", _prelu,
      weights={"weight": W("weight", "c")})
