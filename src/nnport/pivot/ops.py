"""Canonical ops. Each op names its canonical arguments (PyTorch's spelling where one exists, so a
reader can check them against the most common documentation) and its *layout role*:

- "spatial":     reads/writes (N, C, *spatial) tensors; a target may want channels last.
- "channel":     works along the channel axis of any layout given an axis (batch norm, dropout2d...).
- "elementwise": does not care about layout (activations, dropout, arithmetic).
- "flatten":     collapses (C, *spatial) in a fixed order: needs the source's layout.
- None:          layout-sensitive in general: inputs are given in the source's own layout.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Op:
    name: str
    role: str | None = None
    doc: str = ""


OPS: dict[str, Op] = {}


def op(name: str, role: str | None = None, doc: str = "") -> Op:
    if name in OPS:
        raise KeyError(f"pivot op {name!r} defined twice")
    OPS[name] = o = Op(name, role, doc)
    return o


def get(name: str) -> Op:
    try:
        return OPS[name]
    except KeyError:
        raise KeyError(f"unknown pivot op {name!r}") from None


# Layers whose numerics depend on a spatial layout.
for _n in ["conv", "conv_transpose", "max_pool", "avg_pool", "adaptive_avg_pool", "adaptive_max_pool",
           "lp_pool", "upsample", "pad", "pixel_shuffle", "pixel_unshuffle"]:
    op(_n, "spatial")
for _n in ["batch_norm", "instance_norm", "group_norm", "dropout_channel", "local_response_norm"]:
    op(_n, "channel")
for _n in ["identity", "dropout", "relu", "relu6", "leaky_relu", "prelu", "gelu", "silu", "mish", "elu",
           "celu", "selu", "softplus", "softsign", "hardtanh", "hardswish", "hardsigmoid", "sigmoid",
           "log_sigmoid", "tanh", "tanhshrink", "threshold", "hardshrink", "softshrink", "glu_none",
           "abs", "exp", "log", "sqrt", "rsqrt", "sin", "cos", "neg", "square", "pow", "clamp",
           "add", "sub", "mul", "div", "maximum", "minimum", "floor", "ceil", "round", "sign", "erf",
           "reciprocal", "log1p", "expm1", "logical_not", "isnan", "contiguous", "detach", "to_device",
           "float", "long", "int", "bool", "half", "double", "to_dtype",
           "log2", "log10", "exp2", "tan", "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh",
           "atanh", "erfc", "erfinv", "trunc", "frac", "atan2", "hypot", "fmax", "fmin", "remainder",
           "fmod", "floor_divide", "lerp", "addcmul", "addcdiv", "logical_and", "logical_or",
           "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "eq", "ne", "lt",
           "le", "gt", "ge", "isinf", "isfinite", "isposinf", "isneginf", "nan_to_num"]:
    op(_n, "elementwise")
op("flatten", "flatten")

# Elementwise ops whose result is bool whatever their inputs: in place (`x.logical_and_(y)`) the
# receiver keeps its own dtype instead, so the engine casts the rebinding back to it.
BOOL_RESULT = frozenset({"logical_and", "logical_or", "logical_xor", "logical_not", "eq", "ne", "lt", "le",
                         "gt", "ge", "isnan", "isinf", "isfinite", "isposinf", "isneginf"})
