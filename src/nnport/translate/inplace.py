"""In-place tensor ops: `x.add_(y)`, `F.elu_(x)`, `F.relu(x, inplace=True)`.

Functional code rebinds the variable (`x = x + y`, `x = jax.nn.elu(x)`), which keeps the source's
meaning where the call is a statement of its own, or `x = x.add_(y)`. Elsewhere (`z = x.add_(y)`,
`x.add_(1).mul_(2)`, `x[0].add_(1)` on a view) the effect on the variable would be lost: reported,
never translated silently. On a temporary (`(x * 2).add_(1)`) only the value counts. A rebinding keeps
the receiver's dtype, as PyTorch does (`x.logical_and_(y)` on a float x stays float).
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.spec import Canon, Unsupported, code, literal
from nnport.pivot import ops as pivot
from nnport.translate import reading

_VARIABLE = (cst.Name, cst.Attribute)


def in_place_name(name: str) -> bool:
    return name.endswith("_") and not name.endswith("__")


def function_receiver(entry, call: cst.Call) -> cst.BaseExpression | None:
    """The tensor that `F.elu_(x)` or `F.dropout(x, inplace=True)` writes (its first argument), if any.
    (nn.init.*_ end in `_` too, but write weights: skeleton rules; they are not elementwise ops.)"""
    if not call.args or call.args[0].keyword is not None:
        return None
    names = [p.name for p in reading.signature(entry.signature).params]
    flag = any(literal(a.value) is True and (a.keyword.value if a.keyword else
                                             names[i] if i < len(names) else None) == "inplace"
               for i, a in enumerate(call.args))
    suffix = in_place_name(entry.api.rsplit(".", 1)[1]) and entry.op in pivot.OPS and \
        pivot.OPS[entry.op].role == "elementwise"
    return call.args[0].value if flag or suffix else None


def check_value_use(t, original: cst.Call, name: str, receiver: cst.BaseExpression,
                    out: cst.BaseExpression) -> None:
    """Report an in-place call `name` on `receiver` (source nodes) whose effect would be lost."""
    writes = getattr(t.dst.skeleton, "writes_in_place", None)
    if not in_place_name(name) or out.deep_equals(receiver) or writes is not None and writes(out):
        return   # not in place, without effect on values (requires_grad_), or in place in the target too
    if isinstance(receiver, cst.Subscript):
        raise Unsupported(f"in-place {name}() on an indexed tensor (a view in PyTorch): "
                          f"write x[i] = x[i].{name[:-1]}(...)")
    if isinstance(receiver, _VARIABLE) and id(original) not in t.statements:
        raise Unsupported(f"the result of in-place {name}() is used, and its effect on {code(receiver)} "
                          f"would be lost: call it as a statement of its own")


def rebind(t, target: cst.BaseExpression, new: cst.BaseExpression, entry) -> cst.Assign:
    """`target = new`, cast back to target's dtype where the op's result is bool."""
    if entry is not None and entry.op in pivot.BOOL_RESULT:
        canon = Canon("type_as", args={"input": new, "other": target})
        new = reading.write(reading.target_entry(t.dst.functions, "type_as", entry.api), canon, t.ctx)
    return cst.Assign([cst.AssignTarget(target)], new)
