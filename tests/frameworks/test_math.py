"""Numerical tests: elementwise math, comparisons, linear algebra (function, method, in-place forms)."""
import textwrap

import numpy as np
import pytest

import nnport
from harness import body_case, check, expr_case, forms_case, randint, randn
from test_shape import check_typed

from nnport.frameworks.torch.functions.math import COMPARE, UNARY

POS = np.abs(randn(3, 4)) + 0.1            # for log, sqrt, ...
UNIT = np.tanh(randn(3, 4)) * 0.9           # for asin, acos, atanh, erfinv
X, Y = randn(3, 4), randn(3, 4, seed=1)
BIG = randn(3, 4) * 5
SPECIAL = np.where(np.arange(12).reshape(3, 4) % 3 == 0, 0, BIG).astype(np.float32)  # x / 0: nan, +-inf

POSITIVE = {"log", "log2", "log10", "log1p", "expm1", "sqrt", "rsqrt"}
UNIT_OPS = {"asin", "arcsin", "acos", "arccos", "atanh", "arctanh", "erfinv"}
PREDICATES = ["isnan", "isinf", "isfinite", "isposinf", "isneginf"]


def unary_input(name: str) -> tuple[str, np.ndarray]:
    """(receiver expression, input) in the op's domain."""
    if name in ("acosh", "arccosh"):
        return "x", POS + 1
    if name in ("logical_not", "bitwise_not"):
        return "(x > 0)", X
    if name in PREDICATES:
        return "(x / 0.0)", SPECIAL
    return "x", POS if name in POSITIVE else UNIT if name in UNIT_OPS else BIG


@pytest.mark.parametrize("name", [*UNARY, *PREDICATES])
def test_unary(name):
    """Every form the table has: torch.<name>(x), x.<name>() and x.<name>_() (on a clone)."""
    receiver, x = unary_input(name)
    check(forms_case(name, receiver=receiver), inputs=[x])


# name -> (arguments after the receiver, receiver); every form of each, from the table
BINARY = {
    "add": "y, alpha=2", "sub": "y, alpha=0.5", "subtract": "y, alpha=2", "mul": "y", "multiply": "y",
    "div": "y", "divide": "y, rounding_mode='trunc'", "true_divide": "y", "floor_divide": "y",
    "remainder": "y", "fmod": "y", "pow": "2", "atan2": "y", "arctan2": "y", "hypot": "y",
    "maximum": "y", "minimum": "y", "fmax": "y", "fmin": "y", "lerp": "y, 0.3",
    "addcmul": "x, y, value=0.5", "addcdiv": "x, y.abs() + 1, value=2",
    "clamp": "min=-0.5, max=0.5", "clip": "-0.5, 0.5", "clamp_min": "0.2", "clamp_max": "0.1",
    "round": "decimals=1", "equal": "y", "allclose": "x + 0.01, atol=0.1", "isclose": "y, atol=0.5",
    **{name: "y" for name in COMPARE},
}
BOOLEAN = ["logical_and", "logical_or", "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor"]


@pytest.mark.parametrize("name", [*BINARY, *BOOLEAN])
def test_binary_forms(name):
    """torch.<name>(x, ...), x.<name>(...) and x.<name>_(...) (on a clone), where the table has them."""
    if name in BOOLEAN:
        check(forms_case(name, "y > 0", "x, y", receiver="(x > 0)"), inputs=[X, Y])
    else:
        check(forms_case(name, BINARY[name], "x, y"), inputs=[X, Y])


@pytest.mark.parametrize("name", ["logical_and", "logical_or", "logical_xor", "logical_not"])
@pytest.mark.parametrize("x", [X, randint(-2, 3, 3, 4)], ids=["float", "int"])
def test_logical_keeps_receiver_dtype(name, x):
    """Out of place the result is bool; in place the receiver keeps its dtype (PyTorch casts back)."""
    check_typed(forms_case(name, "" if name == "logical_not" else "y", "x, y"), inputs=[x, x[::-1].copy()])


def test_nan_to_num_forms():
    check(forms_case("nan_to_num", "nan=1.0, posinf=2.0, neginf=-3.0", receiver="(x / 0.0)"),
          inputs=[SPECIAL])


@pytest.mark.parametrize("expr", [
    "torch.round(x)", "x.round(decimals=1)", "torch.round(x * 0 + 2.5)", "torch.clamp(x, -1, 1)",
    "x.clamp(min=0)", "x.clamp(max=0.5)", "torch.clip(x, y, None)", "x.clamp(y, y + 1)",
    "torch.clamp_min(x, 0.2)", "x.clamp_max(0.1)", "torch.add(x, y)", "x.add(y, alpha=2)", "x.add(3)",
    "torch.sub(x, y, alpha=0.5)", "x.subtract(y)", "x.mul(y)", "torch.multiply(x, 2)", "x.div(y)",
    "torch.div(x, y, rounding_mode='floor')", "x.div(y, rounding_mode='trunc')", "torch.true_divide(x, y)",
    "torch.floor_divide(x, y)", "torch.remainder(x, y)", "x.remainder(1.5)", "torch.fmod(x, y)",
    "x.fmod(-1.5)", "torch.pow(x, 2)", "x.pow(3)", "torch.pow(2, x)", "torch.pow(x.abs(), y)",
    "x.pow(2.0)", "x ** 2", "torch.atan2(x, y)", "x.arctan2(y)", "torch.hypot(x, y)", "torch.maximum(x, y)",
    "x.minimum(y)", "torch.fmax(x, y)", "x.fmin(y)", "torch.lerp(x, y, 0.3)", "x.lerp(y, y.sigmoid())",
    "torch.addcmul(x, x, y)", "x.addcmul(x, y, value=0.5)", "torch.addcdiv(x, x, y.abs() + 1, value=2)",
    "torch.nan_to_num(x / 0.0)", "torch.nan_to_num(x.log(), nan=1.0, posinf=2.0, neginf=-3.0)",
    "torch.isnan(x.log())", "x.log().isinf()", "torch.isfinite(x.log())", "torch.isposinf(x / 0.0)",
    "torch.isneginf(x / 0.0)",
])
def test_binary(expr):
    check(expr_case(expr, "x, y"), inputs=[X, Y])


@pytest.mark.parametrize("expr", [
    "torch.logical_and(x > 0, y > 0)", "(x > 0).logical_or(y > 0)", "torch.logical_xor(x > 0, y > 0)",
    "torch.logical_not(x > 0)", "(x > 0).logical_not()",
    "torch.bitwise_and(x > 0, y > 0)", "torch.bitwise_xor(x > 0, y > 0)",
    "torch.bitwise_or(x > 0, y > 0)", "torch.bitwise_not(x > 0)",
    "torch.eq(x, y)", "x.eq(x)", "x.ne(y)", "torch.lt(x, y)", "x.le(0)", "torch.gt(x, y)", "x.ge(y)",
    "torch.greater(x, y)", "x.less_equal(y)", "torch.not_equal(x, y)",
    "torch.equal(x, y)", "torch.equal(x, x)", "x.equal(x + 0)", "torch.allclose(x, x + 1e-9)",
    "torch.allclose(x, y)", "x.allclose(x + 0.01, atol=0.1)", "torch.isclose(x, x + 0.01, rtol=0, atol=0.02)",
])
def test_compare(expr):
    check(expr_case(expr, "x, y"), inputs=[X, Y])


@pytest.mark.parametrize("expr, shapes", [
    ("torch.matmul(x, y)", [(2, 3, 4), (4, 5)]), ("x.matmul(y)", [(3, 4), (4,)]),
    ("x @ y", [(2, 3, 4), (2, 4, 5)]), ("torch.mm(x, y)", [(3, 4), (4, 5)]), ("x.mm(y)", [(3, 4), (4, 2)]),
    ("torch.bmm(x, y)", [(2, 3, 4), (2, 4, 5)]), ("x.bmm(y)", [(2, 3, 4), (2, 4, 1)]),
    ("torch.mv(x, y)", [(3, 4), (4,)]), ("torch.dot(x, y)", [(4,), (4,)]), ("x.dot(y)", [(4,), (4,)]),
    ("torch.inner(x, y)", [(3, 4), (2, 4)]), ("torch.outer(x, y)", [(3,), (4,)]),
    ("x.ger(y)", [(3,), (4,)]),
    ("torch.einsum('bij,bjk->bik', x, y)", [(2, 3, 4), (2, 4, 5)]),
    ("torch.einsum('ij,kj->ik', [x, y])", [(3, 4), (5, 4)]), ("torch.einsum('ii->i', x) + y", [(4, 4), (4,)]),
    ("torch.addmm(x, y, y.T)", [(3, 3), (3, 4)]),
    ("torch.addmm(x, y, y.T, beta=0.5, alpha=2)", [(3, 3), (3, 4)]),
    ("x.addmm(y, y.T, beta=0)", [(3, 3), (3, 4)]),
    ("torch.baddbmm(x[:, :, :3], x, y, alpha=0.5)", [(2, 3, 4), (2, 4, 3)]),
    ("torch.addbmm(x[0, :, :3], x, y, beta=2)", [(2, 3, 4), (2, 4, 3)]),
    ("torch.addmv(x, y, x, alpha=3)", [(3,), (3, 3)]),
])
def test_linalg(expr, shapes):
    check(expr_case(expr, "x, y"), inputs=[randn(*s, seed=i) for i, s in enumerate(shapes)])


# name -> (arguments after the receiver x, shapes of x, y, z); every form of each, from the table
LINALG = {
    "matmul": ("y", [(2, 3, 4), (4, 5)]), "mm": ("y", [(3, 4), (4, 5)]), "bmm": ("y", [(2, 3, 4), (2, 4, 5)]),
    "mv": ("y", [(3, 4), (4,)]), "dot": ("y", [(4,), (4,)]), "inner": ("y", [(3, 4), (2, 4)]),
    "outer": ("y", [(3,), (4,)]), "ger": ("y", [(3,), (4,)]),
    "addmm": ("y, z, beta=0.5, alpha=2", [(3, 5), (3, 4), (4, 5)]),
    "baddbmm": ("y, z, alpha=0.5", [(2, 3, 5), (2, 3, 4), (2, 4, 5)]),
    "addbmm": ("y, z, beta=2", [(3, 5), (2, 3, 4), (2, 4, 5)]),
    "addmv": ("y, z, alpha=3", [(3,), (3, 4), (4,)]),
}


@pytest.mark.parametrize("name", LINALG)
def test_linalg_forms(name):
    args, shapes = LINALG[name]
    check(forms_case(name, args, "x, y, z"), inputs=[randn(*s, seed=i) for i, s in enumerate(shapes)] +
          [randn(1)] * (3 - len(shapes)))


INPLACE = textwrap.dedent("""\
    import torch
    import torch.nn as nn

    class Model(nn.Module):
        def __init__(self):
            super().__init__()

        def forward(self, x, y):
            x = x * 1
            x.add_(y, alpha=2)
            x.mul_(y)
            x.sub_(1)
            x.div_(2)
            x.clamp_(min=-1)
            x.pow_(2)
            x.sigmoid_()
            return x
    """)


def test_inplace():
    check(INPLACE, inputs=[X, Y])


@pytest.mark.parametrize("body", [
    "z = x.clone()\nz = z.mul_(y)\nreturn z",                    # rebinding to itself: the statement
    "z = x.clone()\nz.requires_grad_()\nreturn z.requires_grad_() * 2",   # no effect on values
    "return (x * 2).add_(y).sin_()",                             # temporaries: only the value counts
])
def test_inplace_values(body):
    check(body_case(body, "x, y"), inputs=[X, Y])


@pytest.mark.target("flax")
@pytest.mark.parametrize("body, message", [
    ("torch.exp(x, out=y)", "out="),
    ("torch.div(x, y, rounding_mode=mode)", "rounding_mode"),
    # the effect of an in-place method on its receiver cannot be kept where its value is used
    ("z = x.add_(1)", "result of in-place add_()"),
    ("x.clamp_min_(0.2).sin_()", "result of in-place clamp_min_()"),
    ("x[0].add_(1)", "indexed tensor"),
])
def test_unsupported(body, message):
    conv = nnport.convert(body_case(body + "\nreturn x", "x, y, mode='floor'"), to="flax", source="torch")
    assert any(message in d.message for d in conv.issues), conv.code
