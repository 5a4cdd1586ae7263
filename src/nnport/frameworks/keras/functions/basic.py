"""Pivot ops -> keras.ops: relu, reshape, flatten."""
from __future__ import annotations

from nnport.frameworks.keras.functions._registry import fn
from nnport.frameworks.spec import NOT_LITERAL, Unsupported
from nnport.translate.emit import call, expr


def _shape(c, ctx):
    from nnport.frameworks.keras.functions.tensor import sizes
    return sizes(c.varargs) if c.varargs else c.get("shape")


fn("keras.ops.relu", "relu", call("ops.relu", "{input}"))
fn("keras.ops.reshape", "reshape", call("ops.reshape", "{input}", _shape))


def _flatten(c, ctx):
    """torch.flatten(x, start_dim, end_dim) -> ops.reshape with the kept axes from ops.shape."""
    s, e = c.lit("start_dim"), c.lit("end_dim")
    x = c.get("input")
    if s is NOT_LITERAL or e is NOT_LITERAL:
        raise Unsupported("flatten with non-literal dims")
    if s == 0 and e == -1:
        return expr("ops.reshape({x}, (-1,))", x=x)
    end = "" if e == -1 else f" + ops.shape({{x}})[{e + 1}:]"
    return expr(f"ops.reshape({{x}}, ops.shape({{x}})[:{s}] + (-1,){end})", x=x)


fn("flatten", "flatten", _flatten)
