"""The arithmetic of torch.nn.init written as target code, the same for every target: gains
(calculate_gain), kaiming's gain**2, and literals as Python source."""
from __future__ import annotations

import math

from nnport.frameworks.spec import NOT_LITERAL, Canon, Unsupported, code

GAINS = {"linear": 1.0, "conv1d": 1.0, "conv2d": 1.0, "conv3d": 1.0, "conv_transpose1d": 1.0,
         "conv_transpose2d": 1.0, "conv_transpose3d": 1.0, "sigmoid": 1.0, "tanh": 5.0 / 3,
         "relu": math.sqrt(2.0), "selu": 3.0 / 4}


def num(x: float) -> str:
    return repr(float(x))


def source(c: Canon, name: str) -> str:
    """A numeric argument as source: the float literal, or the expression as written."""
    v = c.lit(name)
    return code(c.get(name)) if v is NOT_LITERAL or isinstance(v, bool) else num(v)


def square(c: Canon, name: str) -> str:
    v = c.lit(name)
    return num(v * v) if v is not NOT_LITERAL else f"{code(c.get(name))} ** 2"


def kaiming_mode(c: Canon) -> str:
    """kaiming's `mode` ("fan_in" / "fan_out"), literal."""
    mode = c.lit("mode")
    if mode not in ("fan_in", "fan_out"):
        raise Unsupported(f"mode={code(c.get('mode'))}")
    return mode


def kaiming_scale(c: Canon) -> str:
    """gain**2 of torch.nn.init.calculate_gain(nonlinearity, a)."""
    nl = c.lit("nonlinearity")
    if nl == "leaky_relu":
        a = c.lit("a")
        if a is NOT_LITERAL:
            return f"2.0 / (1 + {code(c.get('a'))} ** 2)"
        return num(2.0 / (1 + a * a))
    if nl not in GAINS:
        raise Unsupported(f"nonlinearity={code(c.get('nonlinearity'))}")
    return {"relu": "2.0", "tanh": "25 / 9", "selu": "9 / 16"}.get(nl, "1.0")


def calculate_gain(c: Canon, ctx) -> str:
    """torch.nn.init.calculate_gain(nonlinearity, param) as a number (or `math.sqrt(...)` of the
    parameter as written)."""
    nl, param = c.lit("nonlinearity"), c.lit("param")
    if nl == "leaky_relu":
        if param is None:
            param = 0.01
        if param is NOT_LITERAL:
            return f"math.sqrt(2.0 / (1 + {code(c.get('param'))} ** 2))"
        return num(math.sqrt(2.0 / (1 + param ** 2)))
    if nl not in GAINS:
        raise Unsupported(f"calculate_gain({code(c.get('nonlinearity'))})")
    return num(GAINS[nl])
