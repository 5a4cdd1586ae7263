"""Pivot ops -> Gluon products: mm and mv as F.dot, bmm as F.batch_dot (the legacy operators, whose
ranks the PyTorch API fixes); matmul of unknown ranks, einsum and inner through support/linalg.py
(MXNet's NumPy interface); outer and the add*mm forms from those."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.mxnet.functions.math import binary
from nnport.frameworks.mxnet.support import helper
from nnport.frameworks.operator_functions import einsum_args
from nnport.translate.emit import expr

_BATCHED = ("bmm", "baddbmm")   # 3-D @ 3-D: F.batch_dot
_FIXED = ("mm", "mv", "addmm", "addmv", "dot")   # 2-D @ 2-D, 2-D @ 1-D: F.dot


def product(c, ctx, a, b) -> cst.BaseExpression:
    """a @ b by the API's ranks (canon.extra['api'], e.g. Tensor.bmm)."""
    name = c.extra.get("api", "").rsplit(".", 1)[-1]
    if name in _BATCHED:
        return expr("F.batch_dot({a}, {b})", a=a, b=b)
    if name in _FIXED:
        return expr("F.dot({a}, {b})", a=a, b=b)
    return expr(helper(ctx, "linalg", "matmul") + "(F, {a}, {b})", a=a, b=b)


fn("mxnet.ndarray.batch_dot", "matmul", lambda c, ctx: product(c, ctx, c.get("input"), c.get("other")))
# a 0-d result in PyTorch (1-D . 1-D); (1,) here: MXNet 1.x has no 0-d arrays
fn("mxnet.ndarray.dot", "dot", lambda c, ctx: expr("F.dot({a}, {b})", a=c.get("input"), b=c.get("other")))
fn("inner", "inner", lambda c, ctx: expr(helper(ctx, "linalg", "inner") + "(F, {a}, {b})", a=c.get("input"),
                                         b=c.get("other")))
fn("outer", "outer", lambda c, ctx: expr("F.broadcast_mul(F.expand_dims({a}, 1), F.expand_dims({b}, 0))",
                                         a=c.get("input"), b=c.get("other")))


def _einsum(c, ctx):
    args = einsum_args(c)
    return cst.Call(cst.Name(helper(ctx, "linalg", "einsum")), [cst.Arg(cst.Name("F"))] + [cst.Arg(a) for a in args])


fn("einsum", "einsum", _einsum)


def _add_product(prod, c, ctx):
    """beta * input + alpha * prod (input left out where beta is 0, as PyTorch ignores it then)."""
    if c.lit("alpha") != 1:
        prod = binary("mul", c.get("alpha"), prod, ctx)
    if c.lit("beta") == 0:
        return prod
    x = c.get("input") if c.lit("beta") == 1 else binary("mul", c.get("beta"), c.get("input"), ctx)
    return binary("add", x, prod, ctx)


fn("addmm", "addmm", lambda c, ctx: _add_product(product(c, ctx, c.get("mat1"), c.get("mat2")), c, ctx))
fn("addbmm", "addbmm", lambda c, ctx: _add_product(
    expr("F.sum(F.batch_dot({a}, {b}), axis=0)", a=c.get("batch1"), b=c.get("batch2")), c, ctx))
