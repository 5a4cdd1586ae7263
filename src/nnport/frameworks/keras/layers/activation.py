"""keras layers: activations. Every module form is a Keras layer (keras.Sequential holds layers
only): the dedicated layer where Keras has one with PyTorch's defaults (ReLU, LeakyReLU, ELU,
Softmax, PReLU), else `layers.Activation("name")`, or `layers.Activation(lambda x: ...)` for
parameters. `ACTIVATIONS` also serves the functional forms (functions/nnf.py)."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.layers._registry import layer
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, W, code
from nnport.translate.emit import call, expr, parenthesize

ACTIVATION_SIG = "self, activation, **kwargs"


class Act:
    """An activation as `api(x, **kw)` (keras.ops or keras.activations); as a layer,
    `layers.Activation(name)` where `name` is Keras's activation with these defaults."""

    def __init__(self, api: str, sig: str = "x", name: str | None = None, **kw):
        self.api, self.sig, self.name, self.kw = api, sig, name, kw

    def function(self, c, ctx, x=None) -> cst.BaseExpression:
        if x is not None:
            c = _with_input(c, x)
        return call(self.api, "{input}", sig=self.sig, **self.kw)(c, ctx)

    def layer(self, c, ctx) -> cst.BaseExpression:
        out = self.function(c, ctx, cst.Name("x"))
        if self.name is not None and len(out.args) == 1:
            return cst.parse_expression(f"layers.Activation({self.name!r})")
        return activation_layer(out)


class Template:
    """An activation as an expression of x (`{x}`) and canonical arguments (`{name}`)."""

    def __init__(self, template: str):
        self.template = template

    def function(self, c, ctx, x=None) -> cst.BaseExpression:
        import re
        names = {n: c.get(n) for n in re.findall(r"\{(\w+)\}", self.template) if n != "x"}
        missing = [n for n, v in names.items() if v is None]
        if missing:
            raise Unsupported(f"{c.extra.get('api')}: no value for {', '.join(missing)}")
        x = c.get("input") if x is None else x
        if not isinstance(x, cst.Name) and self.template.count("{x}") > 1:
            lam = self.function(c, ctx, cst.Name("x"))
            return expr("(lambda x: {f})({x})", f=lam, x=x)
        return parenthesize(expr(self.template, x=x, **names))

    def layer(self, c, ctx) -> cst.BaseExpression:
        return activation_layer(self.function(c, ctx, cst.Name("x")))


def _with_input(c, x):
    from copy import copy
    c2 = copy(c)
    c2.args = {**c.args, "input": x}
    return c2


def activation_layer(body: cst.BaseExpression) -> cst.BaseExpression:
    lam = cst.Lambda(cst.Parameters([cst.Param(cst.Name("x"))]), body)
    return cst.Call(cst.parse_expression("layers.Activation"), [cst.Arg(lam)])


class Pick:
    """One of several forms, chosen by the literal arguments."""

    def __init__(self, choose):
        self.choose = choose

    def function(self, c, ctx, x=None):
        return self.choose(c).function(c, ctx, x)

    def layer(self, c, ctx):
        return self.choose(c).layer(c, ctx)


def _gelu(c, ctx):
    a = c.lit("approximate")
    if a not in ("none", "tanh"):
        raise Unsupported(f"gelu(approximate={code(c.get('approximate'))}): 'none' or 'tanh' literals only")
    return "True" if a == "tanh" else "False"   # ops.gelu's default is the tanh form


def _dim(c, ctx):
    d = c.get("dim")
    if d is None or c.lit("dim") is None:
        raise Unsupported(f"{c.extra.get('api')} without dim")
    return d


def _softplus(c):
    beta, th = c.lit("beta"), c.lit("threshold")
    if beta == 1 and th == 20:   # beyond x > 20, log1p(exp(x)) == x in float32
        return Act("ops.softplus", name="softplus")
    if th == 20 and beta is not NOT_LITERAL:
        return Template("ops.softplus({beta} * {x}) / {beta}")
    return Template("ops.where({beta} * {x} > {threshold}, {x}, ops.softplus({beta} * {x}) / {beta})")


def _hardtanh(c):
    if c.lit("min_val") == -1 and c.lit("max_val") == 1:
        return Act("ops.hard_tanh", name="hard_tanh")
    return Template("ops.clip({x}, {min_val}, {max_val})")


ACTIVATIONS = {
    "relu6": Act("ops.relu6", name="relu6"),
    "leaky_relu": Act("ops.leaky_relu", "x, negative_slope=0.2", negative_slope="{negative_slope}"),
    "gelu": Act("ops.gelu", "x, approximate=True", approximate=_gelu),
    "silu": Act("ops.silu", name="silu"),
    "mish": Act("keras.activations.mish", name="mish"),
    "elu": Act("ops.elu", "x, alpha=1.0", alpha="{alpha}"),
    "celu": Act("ops.celu", "x, alpha=1.0", alpha="{alpha}"),
    "selu": Act("ops.selu", name="selu"),
    "softplus": Pick(_softplus),
    "softsign": Act("ops.softsign", name="softsign"),
    "hardtanh": Pick(_hardtanh),
    "hardswish": Act("ops.hard_silu", name="hard_silu"),
    "hardsigmoid": Act("ops.hard_sigmoid", name="hard_sigmoid"),
    "sigmoid": Act("ops.sigmoid", name="sigmoid"),
    "log_sigmoid": Act("ops.log_sigmoid", name="log_sigmoid"),
    "tanh": Act("ops.tanh", name="tanh"),
    "tanhshrink": Act("ops.tanh_shrink", name="tanh_shrink"),
    "threshold": Template("ops.where({x} > {threshold}, {x}, {value})"),
    "hardshrink": Act("ops.hard_shrink", "x, threshold=0.5", threshold="{lambd}"),
    "softshrink": Act("ops.soft_shrink", "x, threshold=0.5", threshold="{lambd}"),
    "glu": Act("ops.glu", "x, axis=-1", axis=_dim),
    "softmax": Act("ops.softmax", "x, axis=-1", axis=_dim),
    "log_softmax": Act("ops.log_softmax", "x, axis=-1", axis=_dim),
    "softmin": Template("ops.softmax(-{x}, axis={dim})"),
}


def _leaky(c, ctx):
    return call("layers.LeakyReLU", negative_slope="{negative_slope}", sig="self, negative_slope=0.3, **kwargs")(c, ctx)


def _elu(c, ctx):
    return call("layers.ELU", alpha="{alpha}", sig="self, alpha=1.0, **kwargs")(c, ctx)


def _softmax(c, ctx):
    return call("layers.Softmax", axis=_dim, sig="self, axis=-1, **kwargs")(c, ctx)


# the module forms with a dedicated Keras layer
LAYER_FORMS = {"leaky_relu": ("keras.layers.LeakyReLU", "self, negative_slope=0.3, **kwargs", _leaky),
               "elu": ("keras.layers.ELU", "self, alpha=1.0, **kwargs", _elu),
               "softmax": ("keras.layers.Softmax", "self, axis=-1, **kwargs", _softmax)}

for _op, _act in ACTIVATIONS.items():
    if _op in LAYER_FORMS:
        layer(*LAYER_FORMS[_op][:1], _op, LAYER_FORMS[_op][1], LAYER_FORMS[_op][2])
    else:
        layer(f"activation_{_op}", _op, None, _act.layer)


def _prelu(c, ctx):
    """nn.PReLU(n): one slope (n == 1) or one per channel (axis 1): support/activation.py."""
    from nnport.frameworks.keras.support import helper
    return call(helper(ctx, "activation", "PReLU", "prelu"), num_parameters="{num_parameters}", init="{init}",
                sig="self, num_parameters=1, init=0.25, **kwargs")(c, ctx)


layer("PReLU", "prelu", "self, num_parameters=1, init=0.25, **kwargs", _prelu, weights={"alpha": W("weight", "c")})
