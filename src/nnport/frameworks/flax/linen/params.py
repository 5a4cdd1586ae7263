"""`self.param(...)` / `self.variable(...)` -> NNX Variables created in `__init__`.

`scale = self.param("scale", init, (x.shape[-1],))` -> in `__init__`
`self.scale = nnx.Param(init(rngs.params(), (8,)))` and in `__call__` `scale = self.scale[...]`;
`self.variable("batch_stats", "mean", init, *args)` -> `self.mean = nnx.BatchStat(init(*args))`
(another collection: `nnx.Variable`), read through `.value` as in Linen. A shape reading a value of
`__call__` becomes the shape the run recorded.
"""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from nnport.frameworks.flax.linen.construct import literal, names_in
from nnport.frameworks.flax.linen.fields import assign_self, self_attr

PARAM = m.Call(func=m.Attribute(m.Name("self"), m.Name("param")))
VARIABLE = m.Call(func=m.Attribute(m.Name("self"), m.Name("variable")))
KINDS = {"batch_stats": "nnx.BatchStat"}


def is_variable(call) -> bool:
    return m.matches(call, PARAM | VARIABLE)


def declare(ctx, owner: str, call: cst.Call, local: set[str]):
    """(the `__init__` statement, the expression that reads it in a method), or None."""
    param = m.matches(call, PARAM)
    args = list(call.args)
    head = 1 if param else 2
    if len(args) < head + 1 or not all(isinstance(a.value, cst.SimpleString) for a in args[:head]):
        ctx.warn(call, "self.param/self.variable with a computed name or no initializer is kept")
        return None
    name = args[head - 1].value.evaluated_value
    init, rest = args[head].value, args[head + 1:]
    if not isinstance(init, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)):
        init = init.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])   # (lambda ...)(...)
    rest = [_recorded(ctx, owner, name, a, local) for a in rest]
    if names_in(init) & local:
        ctx.warn(call, f"the initializer of {name!r} reads a value of __call__; kept as written")
    if param:
        value = cst.Call(init, [cst.Arg(cst.parse_expression("rngs.params()")), *rest])
        kind, read = "nnx.Param", cst.Subscript(self_attr(name), [cst.SubscriptElement(
            cst.Index(cst.Ellipsis()))])
    else:
        value = cst.Call(init, rest)
        kind, read = KINDS.get(args[0].value.evaluated_value, "nnx.Variable"), self_attr(name)
    decl = assign_self(name, cst.Call(cst.parse_expression(kind), [cst.Arg(value)]))
    return decl, read


def _recorded(ctx, owner: str, name: str, arg: cst.Arg, local: set[str]) -> cst.Arg:
    if not (names_in(arg.value) & local):
        return arg.with_changes(comma=cst.MaybeSentinel.DEFAULT)
    shapes = ctx.record.var_shapes(owner, name) if ctx.record is not None else set()
    if len(shapes) == 1:
        return cst.Arg(literal(shapes.pop()))
    ctx.warn(arg, f"the shape of {name!r} reads a value of __call__ and the run recorded "
                  f"{len(shapes)} shapes for it; kept as written", severity="error")
    return arg.with_changes(comma=cst.MaybeSentinel.DEFAULT)
