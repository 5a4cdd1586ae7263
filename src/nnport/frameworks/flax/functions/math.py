"""Pivot ops -> jax.numpy: elementwise math, comparisons, linear algebra."""
from __future__ import annotations

from nnport.frameworks.flax.functions._registry import fn
from nnport.frameworks.operator_functions import addmm, register, register_unary, template
from nnport.frameworks.spec import Unsupported, code
from nnport.translate.emit import call

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

register_unary(fn, "jnp.", "jnp.")
fn("jnp.nan_to_num", "nan_to_num", call("jnp.nan_to_num", "{input}", nan="{nan}", posinf="{posinf}",
                                        neginf="{neginf}", sig="x, copy=True, nan=0.0, posinf=None, neginf=None"))
fn("jnp.clip", "clamp", call("jnp.clip", "{input}", min="{min}", max="{max}", sig="arr=None, /, min=None, max=None"))

# --- binary -------------------------------------------------------------------------------------------
register(fn, "jnp.", "jnp.", "a, b, rtol=1e-05, atol=1e-08, equal_nan=False")


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
for _op, _api in {"atan2": "jnp.arctan2", "hypot": "jnp.hypot", "maximum": "jnp.maximum",
                  "minimum": "jnp.minimum", "fmax": "jnp.fmax", "fmin": "jnp.fmin",
                  "logical_and": "jnp.logical_and", "logical_or": "jnp.logical_or",
                  "logical_xor": "jnp.logical_xor", "bitwise_and": "jnp.bitwise_and",
                  "bitwise_or": "jnp.bitwise_or", "bitwise_xor": "jnp.bitwise_xor"}.items():
    fn(_api, _op, call(_api, "{input}", "{other}"))

# --- comparisons --------------------------------------------------------------------------------------
fn("jnp.array_equal", "equal", template("bool(jnp.array_equal({input}, {other}))"))

# --- linear algebra -----------------------------------------------------------------------------------
fn("matmul", "matmul", template("{input} @ {other}"))

fn("addmm", "addmm", addmm("{mat1} @ {mat2}"))
