"""Weight initialisation (torch.nn.init, `w.data.normal_()`) -> Gluon initializers (mx.init).

A Gluon parameter gets its values when the block is initialised (`net.initialize()`), from its own
`init` where one is set: so `nn.init.xavier_uniform_(self.fc.weight)` becomes
`self.fc.weight.init = mx.init.Xavier(rnd_type="uniform", factor_type="avg", magnitude=3)`, for a
layer's weight and for a parameter of this class alike (the engine reads both as `<param>.data()`).
MXNet's initializers compute the fans from the parameter's shape as PyTorch does (fan_in =
shape[1] * receptive field, fan_out = shape[0] * receptive field; Gluon's weights have PyTorch's
layouts), so:
- xavier_*(gain): Xavier(factor_type="avg", magnitude=3 * gain**2) uniform, gain**2 gaussian;
- kaiming_*(a, mode, nonlinearity): Xavier(factor_type="in"|"out", magnitude=3 * g2 | g2), g2 = gain**2;
- normal_(0, std) -> Normal(std); uniform_(-a, a) -> Uniform(a); constant_/zeros_/ones_/fill_ ->
  Constant/Zero/One; orthogonal_(gain) -> Orthogonal(scale=gain, rand_type="normal") (its default scale is 1.414).
A mean other than 0, an asymmetric uniform range and trunc_normal_ have no mx.init form: small
Initializer classes in support/init.py draw them (NormalInit, UniformInit, TruncatedNormalInit).
A local tensor (`w = torch.empty(3, 4); nn.init.normal_(w)`, `torch.FloatTensor(2).zero_()`) gets its value
from F.random / F.zeros_like & co.
"""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from nnport.frameworks.init_gains import calculate_gain, kaiming_mode, kaiming_scale, num, source, square
from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.mxnet.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Canon, Unsupported, code


def _param(c: Canon) -> tuple[str, str]:
    """("param", `self.fc.weight`) for a Parameter read as `.data()`, or ("value", `w`) for a local tensor."""
    if c.given("generator") and c.lit("generator") is not None:
        raise Unsupported("generator=: a torch.Generator has no MXNet counterpart (mx.random.seed)")
    node = c.get("tensor")
    if m.matches(node, m.Attribute(attr=m.Name("data"))):
        node = node.value   # torch's `w.data`
    if m.matches(node, m.Call(func=m.Attribute(attr=m.Name("data")), args=[])):
        return "param", code(node.func.value)
    if isinstance(node, cst.Call) and c.extra.get("api", "").startswith("Tensor."):
        return "value", code(node)   # a temporary: `torch.FloatTensor(2).zero_()`
    if isinstance(node, cst.Name):
        if not c.extra.get("api", "Tensor.").startswith("Tensor."):
            raise Unsupported(f"initialising the local tensor {code(node)} with a function: write "
                              f"`{code(node)}.normal_(...)` (a method) or initialise a parameter")
        return "value", code(node)
    raise Unsupported(f"initialising {code(c.get('tensor'))}: only parameters and local tensors")


def _set(c: Canon, init: str, value: str | None = None) -> cst.BaseExpression:
    kind, target = _param(c)
    if kind == "param":
        return cst.parse_expression(f'setattr({target}, "init", {init})')
    if value is None:
        raise Unsupported(f"this initialisation of the local tensor {target}: initialise a parameter")
    return cst.parse_expression(value.format(x=target))


def _xavier(dist: str):
    def emit(c: Canon, ctx):
        g2 = square(c, "gain")
        mag = num(3 * float(g2)) if dist == "uniform" and c.lit("gain") is not NOT_LITERAL else \
            (f"3 * {g2}" if dist == "uniform" else g2)
        rnd = "uniform" if dist == "uniform" else "gaussian"
        return _set(c, f'mx.init.Xavier(rnd_type="{rnd}", factor_type="avg", magnitude={mag})')
    return emit


def _kaiming(dist: str):
    def emit(c: Canon, ctx):
        mode = kaiming_mode(c)
        g2 = kaiming_scale(c)
        literal = all(ch in "0123456789.e-" for ch in g2)
        mag = (num(3 * float(g2)) if literal else f"3 * {g2}") if dist == "uniform" else g2
        rnd = "uniform" if dist == "uniform" else "gaussian"
        return _set(c, f'mx.init.Xavier(rnd_type="{rnd}", factor_type="{mode[4:]}", magnitude={mag})')
    return emit


def _normal(c: Canon, ctx):
    std, mean = source(c, "std"), source(c, "mean")
    value = f"F.random.normal({mean}, {std}, shape={{x}}.shape)"
    if c.lit("mean") in (0, 0.0):
        return _set(c, f"mx.init.Normal({std})", value)
    return _set(c, f"{helper(ctx, 'init', 'NormalInit')}({mean}, {std})", value)   # mx.init.Normal: around 0


def _uniform(c: Canon, ctx):
    a, b = c.get("a"), c.get("b")
    value = f"F.random.uniform({source(c, 'a')}, {source(c, 'b')}, shape={{x}}.shape)"
    symmetric = c.lit("a") is not NOT_LITERAL and c.lit("a") == -c.lit("b") if c.lit("b") is not NOT_LITERAL \
        else m.matches(a, m.UnaryOperation(operator=m.Minus())) and a.expression.deep_equals(b)
    if symmetric:   # uniform_(-stdv, stdv)
        return _set(c, f"mx.init.Uniform({source(c, 'b')})", value)
    return _set(c, f"{helper(ctx, 'init', 'UniformInit')}({source(c, 'a')}, {source(c, 'b')})", value)


def _filled(init: str, value: str):
    def emit(c: Canon, ctx):
        v = code(c.get("val")) if c.get("val") is not None else ""
        return _set(c, init.format(v=v), value.format(v=v, x="{x}"))
    return emit


def _orthogonal(c: Canon, ctx):
    # mx.init.Orthogonal's own scale is 1.414: PyTorch's gain is always written
    return _set(c, f'mx.init.Orthogonal(scale={source(c, "gain")}, rand_type="normal")')


def _trunc_normal(c: Canon, ctx):
    args = ", ".join(source(c, n) for n in ("mean", "std", "a", "b"))
    return _set(c, f"{helper(ctx, 'init', 'TruncatedNormalInit')}({args})")


fn("mxnet.initializer.Xavier", "init_xavier_uniform", _xavier("uniform"))
fn("xavier_normal", "init_xavier_normal", _xavier("normal"))
fn("kaiming_uniform", "init_kaiming_uniform", _kaiming("uniform"))
fn("kaiming_normal", "init_kaiming_normal", _kaiming("normal"))
fn("mxnet.initializer.Normal", "init_normal", _normal)
fn("mxnet.initializer.Uniform", "init_uniform", _uniform)
fn("mxnet.initializer.Constant", "init_constant", _filled("mx.init.Constant({v})", "F.full({x}.shape, {v})"))
fn("mxnet.initializer.Zero", "init_zeros", _filled("mx.init.Zero()", "F.zeros_like({x})"))
fn("mxnet.initializer.One", "init_ones", _filled("mx.init.One()", "F.ones_like({x})"))
fn("mxnet.initializer.Orthogonal", "init_orthogonal", _orthogonal)
fn("trunc_normal", "init_trunc_normal", _trunc_normal)
fn("calculate_gain", "init_calculate_gain", calculate_gain)
