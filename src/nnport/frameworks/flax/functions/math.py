"""Pivot ops -> jax.numpy: elementwise math, comparisons, linear algebra."""
from __future__ import annotations

import re

import libcst as cst

from nnport.frameworks.flax.functions._registry import fn
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code
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
    "abs": "jnp.abs", "exp": "jnp.exp", "exp2": "jnp.exp2", "log": "jnp.log", "log2": "jnp.log2",
    "log10": "jnp.log10", "log1p": "jnp.log1p", "expm1": "jnp.expm1", "sqrt": "jnp.sqrt",
    "rsqrt": "jax.lax.rsqrt", "square": "jnp.square", "sin": "jnp.sin", "cos": "jnp.cos", "tan": "jnp.tan",
    "tanh": "jnp.tanh", "sigmoid": "jax.nn.sigmoid", "asin": "jnp.arcsin", "acos": "jnp.arccos",
    "atan": "jnp.arctan", "sinh": "jnp.sinh", "cosh": "jnp.cosh", "asinh": "jnp.arcsinh",
    "acosh": "jnp.arccosh", "atanh": "jnp.arctanh", "erf": "jax.scipy.special.erf",
    "erfc": "jax.scipy.special.erfc", "erfinv": "jax.scipy.special.erfinv", "floor": "jnp.floor",
    "ceil": "jnp.ceil", "trunc": "jnp.trunc", "sign": "jnp.sign", "reciprocal": "jnp.reciprocal",
    "logical_not": "jnp.logical_not", "bitwise_not": "jnp.bitwise_not", "isnan": "jnp.isnan",
    "isinf": "jnp.isinf", "isfinite": "jnp.isfinite", "isposinf": "jnp.isposinf", "isneginf": "jnp.isneginf",
}
for _op, _api in UNARY.items():
    fn(_api, _op, call(_api, "{input}"))

fn("neg", "neg", template("-{input}"))
fn("frac", "frac", template("{input} - jnp.trunc({input})"))


def _round(c, ctx):
    if c.lit("decimals") == 0:
        return call("jnp.round", "{input}")(c, ctx)
    return call("jnp.round", "{input}", "{decimals}")(c, ctx)


fn("jnp.round", "round", _round)
fn("jnp.nan_to_num", "nan_to_num", call("jnp.nan_to_num", "{input}", nan="{nan}", posinf="{posinf}",
                                        neginf="{neginf}", sig="x, copy=True, nan=0.0, posinf=None, neginf=None"))
fn("jnp.clip", "clamp", call("jnp.clip", "{input}", min="{min}", max="{max}", sig="arr=None, /, min=None, max=None"))


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
        return call("jnp.floor_divide", "{input}", "{other}")(c, ctx)
    if mode == "trunc":   # the cast keeps integer inputs integer, as PyTorch does
        return template("jnp.trunc({input} / {other}).astype(jnp.result_type({input}, {other}))")(c, ctx)
    raise Unsupported(f"div rounding_mode={code(c.get('rounding_mode'))}")


fn("div", "div", _div)
fn("jnp.floor_divide", "floor_divide", call("jnp.floor_divide", "{input}", "{other}"))
fn("jnp.remainder", "remainder", call("jnp.remainder", "{input}", "{other}"))   # sign of the divisor
fn("jnp.fmod", "fmod", call("jnp.fmod", "{input}", "{other}"))                  # sign of the dividend
fn("pow", "pow", template("{input} ** {exponent}"))
for _op, _api in {"atan2": "jnp.arctan2", "hypot": "jnp.hypot", "maximum": "jnp.maximum",
                  "minimum": "jnp.minimum", "fmax": "jnp.fmax", "fmin": "jnp.fmin",
                  "logical_and": "jnp.logical_and", "logical_or": "jnp.logical_or",
                  "logical_xor": "jnp.logical_xor", "bitwise_and": "jnp.bitwise_and",
                  "bitwise_or": "jnp.bitwise_or", "bitwise_xor": "jnp.bitwise_xor"}.items():
    fn(_api, _op, call(_api, "{input}", "{other}"))
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
fn("jnp.array_equal", "equal", template("bool(jnp.array_equal({input}, {other}))"))
_CLOSE_SIG = "a, b, rtol=1e-05, atol=1e-08, equal_nan=False"
fn("jnp.allclose", "allclose", lambda c, ctx: expr("bool({x})", x=call(
    "jnp.allclose", "{input}", "{other}", rtol="{rtol}", atol="{atol}", equal_nan="{equal_nan}",
    sig=_CLOSE_SIG)(c, ctx)))
fn("jnp.isclose", "isclose", call("jnp.isclose", "{input}", "{other}", rtol="{rtol}", atol="{atol}",
                                  equal_nan="{equal_nan}", sig=_CLOSE_SIG))

# --- linear algebra -----------------------------------------------------------------------------------
fn("matmul", "matmul", template("{input} @ {other}"))
fn("jnp.dot", "dot", call("jnp.dot", "{input}", "{other}"))
fn("jnp.inner", "inner", call("jnp.inner", "{input}", "{other}"))
fn("jnp.outer", "outer", call("jnp.outer", "{input}", "{other}"))


def _einsum(c, ctx):
    args = list(c.varargs)
    if not args:
        raise Unsupported("einsum without an equation")
    if len(args) == 2 and isinstance(args[1], (cst.List, cst.Tuple)):
        args = [args[0]] + [e.value for e in args[1].elements]
    if any(isinstance(a, cst.List) for a in args[1:]):
        raise Unsupported("einsum sublist format")
    return cst.Call(cst.parse_expression("jnp.einsum"), [cst.Arg(a) for a in args])


fn("jnp.einsum", "einsum", _einsum)


def _addmm(product: str):
    def emit(c, ctx):
        prod = template(product)(c, ctx)
        if c.lit("alpha") != 1:
            prod = expr("{a} * {p}", a=c.get("alpha"), p=prod)
        if c.lit("beta") == 0:   # PyTorch ignores input then (nan and inf included)
            return prod
        return expr("{x} + {p}", x=scaled(c, "input", "beta"), p=prod)
    return emit


fn("addmm", "addmm", _addmm("{mat1} @ {mat2}"))
fn("addbmm", "addbmm", _addmm("jnp.einsum('bij,bjk->ik', {batch1}, {batch2})"))
