"""Pivot ops -> Gluon activations. `ACTIVATIONS` holds each one's functional form, an expression of x
with `F` (F.* operators, or a support/activation.py function taking F); functions/activation.py
registers those. As a layer: Gluon's own block where it has PyTorch's exact semantics (nn.Activation,
nn.LeakyReLU, nn.ELU, nn.SELU, nn.GELU, nn.Swish, nn.PReLU), else `nn.HybridLambda(lambda F, x: ...)`
of the functional form (it hybridizes)."""
from __future__ import annotations

import re

import libcst as cst

from nnport.frameworks.mxnet.layers._registry import layer
from nnport.frameworks.mxnet.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, W, code
from nnport.translate.emit import call, expr

_HOLE = re.compile(r"\{(\w+)\}")


class Form:
    """An activation as a template over x (`{x}`) and canonical arguments (`{name}`); `uses` names the
    support/activation.py function the template calls."""

    def __init__(self, template: str, uses: str | None = None):
        self.template, self.uses = template, uses

    def function(self, c, ctx, x=None) -> cst.BaseExpression:
        names = {n: c.get(n) for n in _HOLE.findall(self.template) if n != "x"}
        missing = [n for n, v in names.items() if v is None]
        if missing:
            raise Unsupported(f"{c.extra.get('api')}: no value for {', '.join(missing)}")
        if self.uses:
            helper(ctx, "activation", self.uses)
        return expr(self.template, x=c.get("input") if x is None else x, **names)


class Pick:
    """One of several forms, chosen by the call's literal arguments."""

    def __init__(self, choose):
        self.choose = choose

    def function(self, c, ctx, x=None):
        return self.choose(c).function(c, ctx, x)


def _literal(c, name: str):
    v = c.lit(name)
    if v is NOT_LITERAL:
        raise Unsupported(f"{c.extra.get('api')}({name}={code(c.get(name))}): literal values only")
    return v


def _gelu(c):
    a = _literal(c, "approximate")
    if a not in ("none", "tanh"):
        raise Unsupported(f"gelu(approximate={a!r})")
    return Form("F.LeakyReLU({x}, act_type='gelu')") if a == "none" else Form("gelu_tanh(F, {x})", "gelu_tanh")


def _softplus(c):
    if c.lit("beta") == 1 and c.lit("threshold") == 20:   # MXNet's softrelu is x beyond 20 too
        return Form("F.Activation({x}, act_type='softrelu')")
    return Form("softplus(F, {x}, {beta}, {threshold})", "softplus")


def _celu(c):
    if c.lit("alpha") == 1:
        return Form("F.LeakyReLU({x}, act_type='elu', slope=1.0)")
    return Form("{alpha} * F.LeakyReLU({x} / {alpha}, act_type='elu', slope=1.0)")


def _dim(op: str):
    def choose(c):
        if c.get("dim") is None or c.lit("dim") is None:
            raise Unsupported(f"{c.extra.get('api')} without dim")
        return Form(f"F.{op}({{x}}, axis={{dim}})")
    return choose


ACTIVATIONS = {
    "relu6": Form("F.clip({x}, 0, 6)"),
    "leaky_relu": Form("F.LeakyReLU({x}, act_type='leaky', slope={negative_slope})"),
    "gelu": Pick(_gelu),
    "silu": Form("silu(F, {x})", "silu"),
    "mish": Form("mish(F, {x})", "mish"),
    "elu": Form("F.LeakyReLU({x}, act_type='elu', slope={alpha})"),
    "celu": Pick(_celu),
    "selu": Form("F.LeakyReLU({x}, act_type='selu')"),
    "softplus": Pick(_softplus),
    "softsign": Form("F.softsign({x})"),
    "hardtanh": Form("F.clip({x}, {min_val}, {max_val})"),
    "hardswish": Form("hardswish(F, {x})", "hardswish"),
    "hardsigmoid": Form("F.hard_sigmoid({x}, alpha=1 / 6, beta=0.5)"),
    "sigmoid": Form("F.sigmoid({x})"),
    "log_sigmoid": Form("-F.Activation(-{x}, act_type='softrelu')"),
    "tanh": Form("F.tanh({x})"),
    "tanhshrink": Form("tanhshrink(F, {x})", "tanhshrink"),
    "threshold": Form("thresholded(F, {x}, {threshold}, {value})", "thresholded"),
    "hardshrink": Form("hardshrink(F, {x}, {lambd})", "hardshrink"),
    "softshrink": Form("softshrink(F, {x}, {lambd})", "softshrink"),
    "glu": Form("glu(F, {x}, {dim})", "glu"),
    "softmax": Pick(_dim("softmax")),
    "log_softmax": Pick(_dim("log_softmax")),
    "softmin": Pick(_dim("softmin")),
}


def hybrid_lambda(op: str):
    """nn.HybridLambda(lambda F, x: <the functional form of x>); nn.HybridLambda(name) where that form
    is a support function `name(F, x)`."""
    def emit(c, ctx):
        body = ACTIVATIONS[op].function(c, ctx, cst.Name("x"))
        if isinstance(body, cst.Call) and isinstance(body.func, cst.Name) and \
                [code(a.value) for a in body.args] == ["F", "x"]:
            return cst.Call(cst.parse_expression("nn.HybridLambda"), [cst.Arg(body.func)])
        lam = cst.Lambda(cst.Parameters([cst.Param(cst.Name("F")), cst.Param(cst.Name("x"))]), body)
        return cst.Call(cst.parse_expression("nn.HybridLambda"), [cst.Arg(lam)])
    return emit


def _named(name: str, op: str, when=lambda c: True):
    """nn.Activation(name) where `when(c)` holds (PyTorch's defaults), else the HybridLambda."""
    def emit(c, ctx):
        return f"nn.Activation({name!r})" if when(c) else hybrid_lambda(op)(c, ctx)
    return emit


def _gelu_layer(c, ctx):
    return "nn.GELU()" if _literal(c, "approximate") == "none" else hybrid_lambda("gelu")(c, ctx)


# the module forms with a Gluon block of PyTorch's exact semantics
GLUON = {
    "leaky_relu": ("mxnet.gluon.nn.LeakyReLU", "self, alpha, **kwargs",
                   call("nn.LeakyReLU", "{negative_slope}", sig="self, alpha, **kwargs")),
    "elu": ("mxnet.gluon.nn.ELU", "self, alpha=1.0, **kwargs", call("nn.ELU", alpha="{alpha}", sig="self, alpha=1.0, **kwargs")),
    "selu": ("mxnet.gluon.nn.SELU", "self, **kwargs", lambda c, ctx: "nn.SELU()"),
    "gelu": ("mxnet.gluon.nn.GELU", "self, **kwargs", _gelu_layer),
    "silu": ("mxnet.gluon.nn.Swish", "self, beta=1.0, **kwargs", lambda c, ctx: "nn.Swish()"),
    "sigmoid": ("activation_sigmoid", None, _named("sigmoid", "sigmoid")),
    "tanh": ("activation_tanh", None, _named("tanh", "tanh")),
    "softsign": ("activation_softsign", None, _named("softsign", "softsign")),
    "softplus": ("activation_softplus", None, _named(
        "softrelu", "softplus", lambda c: c.lit("beta") == 1 and c.lit("threshold") == 20)),
}

for _op in ACTIVATIONS:
    if _op in GLUON:
        _api, _sig, _emit = GLUON[_op]
        layer(_api, _op, _sig, _emit)
    else:
        layer(f"activation_{_op}", _op, None, hybrid_lambda(_op))


def _prelu(c, ctx):
    """nn.PReLU(n, init) -> nn.PReLU(alpha_initializer=mx.init.Constant(init), in_channels=n): one slope
    or one per channel (axis 1), as PyTorch's."""
    init = c.get("init")
    kw = {} if c.lit("init") == 0.25 else {"alpha_initializer": lambda c, ctx: expr("mx.init.Constant({v})", v=init)}
    return call("nn.PReLU", in_channels="{num_parameters}", sig=PRELU_SIG, **kw)(c, ctx)


PRELU_SIG = "self, alpha_initializer=initializer.Constant(0.25), in_channels=1, **kwargs"
layer("mxnet.gluon.nn.PReLU", "prelu", PRELU_SIG, _prelu, weights={"alpha": W("weight", "c")})
