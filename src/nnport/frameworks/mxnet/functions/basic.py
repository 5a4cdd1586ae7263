"""Pivot ops -> F.* operators: relu, reshape, flatten."""
from __future__ import annotations

from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.spec import NOT_LITERAL, Unsupported
from nnport.translate.emit import call, expr

fn("mxnet.ndarray.relu", "relu", call("F.relu", "{input}"))


def _flatten(c, ctx):
    """torch.flatten(x, 1) -> F.flatten(x) (it keeps the first axis); other axes by F.reshape codes."""
    s, e = c.lit("start_dim"), c.lit("end_dim")
    if s is NOT_LITERAL or e is NOT_LITERAL:
        raise Unsupported("flatten with non-literal dims")
    x = c.get("input")
    if (s, e) == (1, -1):
        return expr("F.flatten({x})", x=x)
    if (s, e) == (0, -1):
        return expr("F.reshape({x}, (-1,))", x=x)
    if e == -1 and s > 0:   # keep s axes (code 0 copies an axis), merge the rest (-1)
        return expr(f"F.reshape({{x}}, {(0,) * s + (-1,)})", x=x)
    raise Unsupported(f"flatten({s}, {e}): only trailing axes")


fn("mxnet.ndarray.flatten", "flatten", _flatten)


def _shape(c, ctx):
    from nnport.frameworks.keras.functions.tensor import sizes
    return sizes(c.varargs) if c.varargs else c.get("size")


fn("mxnet.ndarray.ones", "ones", lambda c, ctx: expr("F.ones({s})", s=_shape(c, ctx)))
fn("mxnet.ndarray.zeros", "zeros", lambda c, ctx: expr("F.zeros({s})", s=_shape(c, ctx)))
