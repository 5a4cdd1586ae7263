"""Pivot ops -> F.* operators: elementwise math, comparisons, logical ops.

Between two arrays an operation is `F.broadcast_<op>(a, b)` (a Symbol's operators need equal shapes);
with a Python number it stays an operator (`x * 2`, `x > 0`), which both mx.nd and mx.sym take.
Comparisons and logical ops give 1/0 in the input's float dtype (PyTorch: bool).
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.mxnet.operators import is_mask, is_scalar
from nnport.frameworks.mxnet.support import helper
from nnport.frameworks.operator_functions import template
from nnport.frameworks.spec import Unsupported, code
from nnport.translate.emit import call, expr

# --- unary --------------------------------------------------------------------------------------------
UNARY = {
    "abs": "F.abs", "exp": "F.exp", "log": "F.log", "log2": "F.log2", "log10": "F.log10", "log1p": "F.log1p",
    "expm1": "F.expm1", "sqrt": "F.sqrt", "rsqrt": "F.rsqrt", "square": "F.square", "sin": "F.sin",
    "cos": "F.cos", "tan": "F.tan", "tanh": "F.tanh", "sigmoid": "F.sigmoid", "asin": "F.arcsin",
    "acos": "F.arccos", "atan": "F.arctan", "sinh": "F.sinh", "cosh": "F.cosh", "asinh": "F.arcsinh",
    "acosh": "F.arccosh", "atanh": "F.arctanh", "erf": "F.erf", "erfinv": "F.erfinv", "floor": "F.floor",
    "ceil": "F.ceil", "trunc": "F.trunc", "sign": "F.sign", "reciprocal": "F.reciprocal",
    "logical_not": "F.logical_not",
}
for _op, _api in UNARY.items():
    fn("mxnet.ndarray." + _api[2:], _op, call(_api, "{input}"))

# the rest as expressions of x (no single operator)
EXPRESSIONS = {
    "neg": "-{input}", "exp2": "2 ** {input}", "erfc": "1 - F.erf({input})", "frac": "{input} - F.trunc({input})",
    "isnan": "{input} != {input}", "isinf": "F.abs({input}) == math.inf", "isposinf": "{input} == math.inf",
    "isneginf": "{input} == -math.inf",
}


for _op, _text in EXPRESSIONS.items():
    fn(_op, _op, template(_text))


def _support(name: str, *pos: str, **kw):
    """A support/math.py function, called with F first."""
    def emit(c, ctx):
        return call(helper(ctx, "math", name), "F", *pos, **kw)(c, ctx)
    return emit


fn("isfinite", "isfinite", _support("isfinite", "{input}"))
fn("nan_to_num", "nan_to_num", _support("nan_to_num", "{input}", nan="{nan}", posinf="{posinf}", neginf="{neginf}"))


def _round(c, ctx):
    """torch.round rounds halves to even: support/math.py round_half_even; decimals by scaling."""
    d = c.lit("decimals")
    if not isinstance(d, int) or isinstance(d, bool):
        raise Unsupported("round with non-literal decimals")
    name = helper(ctx, "math", "round_half_even")
    if d == 0:
        return expr(f"{name}(F, {{x}})", x=c.get("input"))
    return expr(f"{name}(F, {{x}} * {10 ** d}) / {10 ** d}" if d > 0 else
                f"{name}(F, {{x}} / {10 ** -d}) * {10 ** -d}", x=c.get("input"))


fn("round_half_even", "round", _round)


def _bitwise_not(c, ctx):
    if not is_mask(c.get("input")):
        raise Unsupported("bitwise_not of an integer tensor: MXNet 1.x has no bitwise operators")
    return call("F.logical_not", "{input}")(c, ctx)


fn("bitwise_not", "bitwise_not", _bitwise_not)


def _clamp(c, ctx):
    """Number bounds: F.clip (both) or F.maximum / F.minimum; array bounds: F.broadcast_maximum / minimum."""
    lo, hi = c.get("min"), c.get("max")
    lo = None if lo is None or c.lit("min") is None else lo
    hi = None if hi is None or c.lit("max") is None else hi
    x = c.get("input")
    if lo is None and hi is None:
        raise Unsupported("clamp without bounds")
    if lo is not None and hi is not None and scalar(lo, ctx) and scalar(hi, ctx):
        return expr("F.clip({x}, {lo}, {hi})", x=x, lo=lo, hi=hi)
    if lo is not None:
        x = expr("F.maximum({x}, {lo})" if scalar(lo, ctx) else "F.broadcast_maximum({x}, {lo})", x=x, lo=lo)
    if hi is not None:
        x = expr("F.minimum({x}, {hi})" if scalar(hi, ctx) else "F.broadcast_minimum({x}, {hi})", x=x, hi=hi)
    return x


fn("mxnet.ndarray.clip", "clamp", _clamp)

# --- binary -------------------------------------------------------------------------------------------
_OPERATORS = {"add": "+", "sub": "-", "mul": "*", "div": "/", "power": "**", "mod": "%",
              "equal": "==", "not_equal": "!=", "greater": ">", "greater_equal": ">=", "lesser": "<",
              "lesser_equal": "<="}


def scalar(node, ctx) -> bool:
    """Does `node` hold a Python number (a literal, `self.<value>`, a name the function bound to one)?"""
    return is_scalar(node, ctx.scalar_names() if getattr(ctx, "scalar_names", None) else set())


def binary(name: str, a, b, ctx) -> cst.BaseExpression:
    """`a <op> b` where either is a Python number, else F.broadcast_<name>(a, b)."""
    if scalar(a, ctx) or scalar(b, ctx):
        return expr("{a} %s {b}" % _OPERATORS[name], a=a, b=b)
    return expr(f"F.broadcast_{name}({{a}}, {{b}})", a=a, b=b)


def _scaled(c, ctx, name: str, factor: str):
    f = c.lit(factor)
    node = c.get(name)
    if f == 1 and not isinstance(f, bool):
        return node
    return binary("mul", c.get(factor), node, ctx)


def _binary(name: str, left: str = "input", right: str = "other"):
    def emit(c, ctx):
        return binary(name, c.get(left), c.get(right), ctx)
    return emit


fn("add", "add", lambda c, ctx: binary("add", c.get("input"), _scaled(c, ctx, "other", "alpha"), ctx))
fn("sub", "sub", lambda c, ctx: binary("sub", c.get("input"), _scaled(c, ctx, "other", "alpha"), ctx))
fn("mxnet.ndarray.broadcast_mul", "mul", _binary("mul"))
fn("mxnet.ndarray.broadcast_power", "pow", _binary("power", right="exponent"))
fn("mxnet.ndarray.broadcast_mod", "remainder", _binary("mod"))   # Python's remainder: the divisor's sign


def _fmod(c, ctx):
    """The remainder with the dividend's sign: a - trunc(a / b) * b (F.broadcast_mod takes the divisor's)."""
    a, b = c.get("input"), c.get("other")
    return binary("sub", a, binary("mul", expr("F.trunc({q})", q=binary("div", a, b, ctx)), b, ctx), ctx)


fn("fmod", "fmod", _fmod)


def _div(c, ctx):
    mode = c.lit("rounding_mode")
    q = binary("div", c.get("input"), c.get("other"), ctx)
    if c.get("rounding_mode") is None or mode is None:
        return q
    if mode == "floor":
        return expr("F.floor({q})", q=q)
    if mode == "trunc":
        return expr("F.trunc({q})", q=q)
    raise Unsupported(f"div rounding_mode={code(c.get('rounding_mode'))}")


fn("mxnet.ndarray.broadcast_div", "div", _div)
fn("floor_divide", "floor_divide", lambda c, ctx: expr("F.floor({q})", q=binary("div", c.get("input"), c.get("other"), ctx)))
fn("atan2", "atan2", _support("atan2", "{input}", "{other}"))
for _op in ("hypot", "maximum", "minimum", "logical_and", "logical_or", "logical_xor"):
    _api = "broadcast_" + _op
    fn(f"mxnet.ndarray.{_api}", _op, call(f"F.{_api}", "{input}", "{other}"))
fn("fmax", "fmax", _support("fmax", "{input}", "{other}"))
fn("fmin", "fmin", _support("fmin", "{input}", "{other}"))


def _bitwise(logical: str):
    def emit(c, ctx):
        if not (is_mask(c.get("input")) and is_mask(c.get("other"))):
            raise Unsupported("bitwise ops on integer tensors: MXNet 1.x has no bitwise operators")
        return call(f"F.broadcast_logical_{logical}", "{input}", "{other}")(c, ctx)
    return emit


for _op in ("and", "or", "xor"):
    fn(f"bitwise_{_op}", f"bitwise_{_op}", _bitwise(_op))


def _lerp(c, ctx):
    x, end, w = c.get("input"), c.get("end"), c.get("weight")
    return binary("add", x, binary("mul", w, binary("sub", end, x, ctx), ctx), ctx)


fn("lerp", "lerp", _lerp)


def _addc(name: str):
    def emit(c, ctx):
        t = binary(name, c.get("tensor1"), c.get("tensor2"), ctx)
        if c.lit("value") != 1:
            t = binary("mul", c.get("value"), t, ctx)
        return binary("add", c.get("input"), t, ctx)
    return emit


fn("addcmul", "addcmul", _addc("mul"))
fn("addcdiv", "addcdiv", _addc("div"))

# --- comparisons --------------------------------------------------------------------------------------
for _op, _name in {"eq": "equal", "ne": "not_equal", "lt": "lesser", "le": "lesser_equal", "gt": "greater",
                   "ge": "greater_equal"}.items():
    fn(f"mxnet.ndarray.broadcast_{_name}", _op, _binary(_name))


def _close(c, ctx):
    """|x - y| <= atol + rtol * |y| (PyTorch's isclose; nan never close)."""
    if c.lit("equal_nan") is not False:
        raise Unsupported("isclose/allclose with equal_nan")
    diff = expr("F.abs({d})", d=binary("sub", c.get("input"), c.get("other"), ctx))
    bound = expr("{atol} + {rtol} * F.abs({y})", atol=c.get("atol"), rtol=c.get("rtol"), y=c.get("other"))
    return binary("lesser_equal", diff, bound, ctx)


fn("isclose", "isclose", _close)
# Python bools: they need the values (the file is written as an imperative Block)
fn("allclose", "allclose", lambda c, ctx: expr("bool(F.min({t}).asscalar())", t=_close(c, ctx)))
fn("equal", "equal", lambda c, ctx: expr(
    "{x}.shape == {y}.shape and bool(F.min({t}).asscalar())", x=c.get("input"), y=c.get("other"),
    t=binary("equal", c.get("input"), c.get("other"), ctx)))
