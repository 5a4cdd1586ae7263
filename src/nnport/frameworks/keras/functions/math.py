"""Pivot ops -> keras.ops: elementwise math, comparisons, linear algebra."""
from __future__ import annotations

from nnport.frameworks.keras.functions._registry import fn
from nnport.frameworks.operator_functions import addmm, register, register_unary, template
from nnport.frameworks.spec import Unsupported, code
from nnport.translate.emit import call, expr

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

register_unary(fn, "ops.", "keras.ops.")
# bitwise ops as Python operators: booleans too (TensorFlow's ops.bitwise_* refuse bool tensors)
fn("bitwise_not", "bitwise_not", template("~{input}"))
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
register(fn, "ops.", "keras.ops.", "x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False")


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
for _op, _api in {"atan2": "ops.arctan2", "hypot": "ops.hypot", "maximum": "ops.maximum",
                  "minimum": "ops.minimum", "fmax": "ops.fmax", "fmin": "ops.fmin",
                  "logical_and": "ops.logical_and", "logical_or": "ops.logical_or",
                  "logical_xor": "ops.logical_xor"}.items():
    fn("keras." + _api, _op, call(_api, "{input}", "{other}"))
for _op, _sym in {"bitwise_and": "&", "bitwise_or": "|", "bitwise_xor": "^"}.items():
    fn(_op, _op, template("{input} %s {other}" % _sym))
for _op in ("bitwise_not", "bitwise_and", "bitwise_or", "bitwise_xor"):   # the APIs, not written (above)
    fn(f"keras.ops.{_op}", _op, None)

# --- comparisons --------------------------------------------------------------------------------------
fn("equal", "equal", template("bool(ops.shape({input}) == ops.shape({other}) and ops.all({input} == {other}))"))

# --- linear algebra -----------------------------------------------------------------------------------
fn("keras.ops.matmul", "matmul", call("ops.matmul", "{input}", "{other}"))

fn("addmm", "addmm", addmm("ops.matmul({mat1}, {mat2})"))
