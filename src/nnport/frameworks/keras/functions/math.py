"""Pivot ops -> keras.ops: elementwise math, comparisons, linear algebra."""
from __future__ import annotations

import re

import libcst as cst

from nnport.frameworks.keras.functions._registry import fn
from nnport.frameworks.spec import Unsupported, code
from nnport.translate.emit import call, expr

_HOLE = re.compile(r"\{(\w+)\}")


def template(text: str):
    """An emit hook filling `{name}` holes with the canonical arguments."""
    def emit(c, ctx):
        return expr(text, **{n: c.get(n) for n in set(_HOLE.findall(text))})
    return emit


def scaled(c, name: str, factor: str) -> cst.BaseExpression:
    """`factor * name`, or just `name` when the factor is literally 1."""
    f = c.lit(factor)
    node = c.get(name)
    if f == 1 and not isinstance(f, bool):
        return node
    return expr("{f} * {x}", f=c.get(factor), x=node)


# --- unary --------------------------------------------------------------------------------------------
UNARY = {
    "abs": "ops.abs", "exp": "ops.exp", "exp2": "ops.exp2", "log": "ops.log", "log2": "ops.log2",
    "log10": "ops.log10", "log1p": "ops.log1p", "expm1": "ops.expm1", "sqrt": "ops.sqrt",
    "rsqrt": "ops.rsqrt", "square": "ops.square", "sin": "ops.sin", "cos": "ops.cos", "tan": "ops.tan",
    "tanh": "ops.tanh", "sigmoid": "ops.sigmoid", "asin": "ops.arcsin", "acos": "ops.arccos",
    "atan": "ops.arctan", "sinh": "ops.sinh", "cosh": "ops.cosh", "asinh": "ops.arcsinh",
    "acosh": "ops.arccosh", "atanh": "ops.arctanh", "erf": "ops.erf", "erfc": "ops.erfc",
    "erfinv": "ops.erfinv", "floor": "ops.floor", "ceil": "ops.ceil", "trunc": "ops.trunc", "sign": "ops.sign",
    "reciprocal": "ops.reciprocal", "logical_not": "ops.logical_not",
    "isnan": "ops.isnan", "isinf": "ops.isinf", "isfinite": "ops.isfinite", "isposinf": "ops.isposinf",
    "isneginf": "ops.isneginf",
}
for _op, _api in UNARY.items():
    fn("keras." + _api, _op, call(_api, "{input}"))

fn("neg", "neg", template("-{input}"))
# bitwise ops as Python operators: booleans too (TensorFlow's ops.bitwise_* refuse bool tensors)
fn("bitwise_not", "bitwise_not", template("~{input}"))
fn("frac", "frac", template("{input} - ops.trunc({input})"))


def _round(c, ctx):
    if c.lit("decimals") == 0:
        return call("ops.round", "{input}")(c, ctx)
    return call("ops.round", "{input}", "{decimals}")(c, ctx)


fn("keras.ops.round", "round", _round)
fn("keras.ops.nan_to_num", "nan_to_num", call("ops.nan_to_num", "{input}", nan="{nan}", posinf="{posinf}",
                                              neginf="{neginf}", sig="x, nan=0.0, posinf=None, neginf=None"))


def _clamp(c, ctx):
    """ops.clip needs both bounds: one-sided clamps are a maximum / minimum."""
    lo, hi = c.get("min"), c.get("max")
    lo = None if lo is None or c.lit("min") is None else lo
    hi = None if hi is None or c.lit("max") is None else hi
    x = c.get("input")
    if lo is not None and hi is not None:
        return expr("ops.clip({x}, {lo}, {hi})", x=x, lo=lo, hi=hi)
    if lo is not None:
        return expr("ops.maximum({x}, {lo})", x=x, lo=lo)
    if hi is not None:
        return expr("ops.minimum({x}, {hi})", x=x, hi=hi)
    raise Unsupported("clamp without bounds")


fn("keras.ops.clip", "clamp", _clamp)


# --- binary -------------------------------------------------------------------------------------------
def _add_sub(sign: str):
    def emit(c, ctx):
        return expr("{a} %s {b}" % sign, a=c.get("input"), b=scaled(c, "other", "alpha"))
    return emit


fn("add", "add", _add_sub("+"))
fn("sub", "sub", _add_sub("-"))
fn("mul", "mul", template("{input} * {other}"))


def _div(c, ctx):
    mode = c.lit("rounding_mode")
    if c.get("rounding_mode") is None or mode is None:
        return template("{input} / {other}")(c, ctx)
    if mode == "floor":
        return call("ops.floor_divide", "{input}", "{other}")(c, ctx)
    if mode == "trunc":   # integer inputs stay integer, as in PyTorch (keras.ops has no result_type)
        return template("ops.sign({input}) * ops.sign({other}) * ops.floor_divide(ops.abs({input}), "
                        "ops.abs({other}))")(c, ctx)
    raise Unsupported(f"div rounding_mode={code(c.get('rounding_mode'))}")


fn("div", "div", _div)
fn("keras.ops.floor_divide", "floor_divide", call("ops.floor_divide", "{input}", "{other}"))
fn("keras.ops.mod", "remainder", call("ops.mod", "{input}", "{other}"))   # sign of the divisor
fn("keras.ops.fmod", "fmod", call("ops.fmod", "{input}", "{other}"))      # sign of the dividend
fn("pow", "pow", template("{input} ** {exponent}"))
for _op, _api in {"atan2": "ops.arctan2", "hypot": "ops.hypot", "maximum": "ops.maximum",
                  "minimum": "ops.minimum", "fmax": "ops.fmax", "fmin": "ops.fmin",
                  "logical_and": "ops.logical_and", "logical_or": "ops.logical_or",
                  "logical_xor": "ops.logical_xor"}.items():
    fn("keras." + _api, _op, call(_api, "{input}", "{other}"))
for _op, _sym in {"bitwise_and": "&", "bitwise_or": "|", "bitwise_xor": "^"}.items():
    fn(_op, _op, template("{input} %s {other}" % _sym))
for _op in ("bitwise_not", "bitwise_and", "bitwise_or", "bitwise_xor"):   # the APIs, not written (above)
    fn(f"keras.ops.{_op}", _op, None)
fn("lerp", "lerp", template("{input} + {weight} * ({end} - {input})"))


def _addc(op: str):
    def emit(c, ctx):
        t = expr("{a} %s {b}" % op, a=c.get("tensor1"), b=c.get("tensor2"))
        if c.lit("value") != 1:
            t = expr("{v} * {t}", v=c.get("value"), t=t)
        return expr("{x} + {t}", x=c.get("input"), t=t)
    return emit


fn("addcmul", "addcmul", _addc("*"))
fn("addcdiv", "addcdiv", _addc("/"))

# --- comparisons --------------------------------------------------------------------------------------
for _op, _sym in {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}.items():
    fn(_op, _op, template("{input} %s {other}" % _sym))
fn("equal", "equal", template("bool(ops.shape({input}) == ops.shape({other}) and ops.all({input} == {other}))"))
_CLOSE_SIG = "x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False"
fn("keras.ops.allclose", "allclose", lambda c, ctx: expr("bool({x})", x=call(
    "ops.allclose", "{input}", "{other}", rtol="{rtol}", atol="{atol}", equal_nan="{equal_nan}",
    sig=_CLOSE_SIG)(c, ctx)))
fn("keras.ops.isclose", "isclose", call("ops.isclose", "{input}", "{other}", rtol="{rtol}", atol="{atol}",
                                        equal_nan="{equal_nan}", sig=_CLOSE_SIG))

# --- linear algebra -----------------------------------------------------------------------------------
fn("keras.ops.matmul", "matmul", call("ops.matmul", "{input}", "{other}"))
fn("keras.ops.dot", "dot", call("ops.dot", "{input}", "{other}"))
fn("keras.ops.inner", "inner", call("ops.inner", "{input}", "{other}"))
fn("keras.ops.outer", "outer", call("ops.outer", "{input}", "{other}"))


def _einsum(c, ctx):
    args = list(c.varargs)
    if not args:
        raise Unsupported("einsum without an equation")
    if len(args) == 2 and isinstance(args[1], (cst.List, cst.Tuple)):
        args = [args[0]] + [e.value for e in args[1].elements]
    if any(isinstance(a, cst.List) for a in args[1:]):
        raise Unsupported("einsum sublist format")
    return cst.Call(cst.parse_expression("ops.einsum"), [cst.Arg(a) for a in args])


fn("keras.ops.einsum", "einsum", _einsum)


def _addmm(product: str):
    def emit(c, ctx):
        prod = template(product)(c, ctx)
        if c.lit("alpha") != 1:
            prod = expr("{a} * {p}", a=c.get("alpha"), p=prod)
        if c.lit("beta") == 0:   # PyTorch ignores input then (nan and inf included)
            return prod
        return expr("{x} + {p}", x=scaled(c, "input", "beta"), p=prod)
    return emit


fn("addmm", "addmm", _addmm("ops.matmul({mat1}, {mat2})"))
fn("addbmm", "addbmm", _addmm("ops.einsum('bij,bjk->ik', {batch1}, {batch2})"))
