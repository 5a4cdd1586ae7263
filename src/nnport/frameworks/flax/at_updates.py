"""JAX's functional index updates read back as a copy and an index assignment (Flax as a source).

    y = x.at[i].set(v)       ->   y = jnp.copy(x)           (the engine reads jnp.copy as a clone)
                                  y[i] = v
    return x.at[i].add(v)    ->   updated = jnp.copy(x); updated[i] += v; return updated
    x.at[i].get()            ->   x[i]

`.multiply` / `.divide` become `*=` / `/=`. An update elsewhere in an expression (an argument, a
chain of two updates) is left as it is, with a warning.
"""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

_HOW = {"set": None, "add": cst.AddAssign, "multiply": cst.MultiplyAssign, "divide": cst.DivideAssign}
_AT = m.Call(func=m.Attribute(value=m.Subscript(value=m.Attribute(attr=m.Name("at"))), attr=m.Name()))


def _parts(node):
    """(array, subscript slice, how, value) of `x.at[i].how(v)`, else None."""
    if not m.matches(node, _AT):
        return None
    how = node.func.attr.value
    if how not in _HOW or len(node.args) != 1 or node.args[0].keyword is not None:
        return None
    sub = node.func.value
    return sub.value.value, sub.slice, how, node.args[0].value


def _copy(x: cst.BaseExpression) -> cst.Call:
    return cst.Call(cst.parse_expression("jax.numpy.copy"), [cst.Arg(x)])


def _write(name: cst.BaseExpression, index, how: str, value) -> cst.BaseSmallStatement:
    target = cst.Subscript(name, index)
    if _HOW[how] is None:
        return cst.Assign([cst.AssignTarget(target)], value)
    return cst.AugAssign(target, _HOW[how](), value)


class _Updates(cst.CSTTransformer):
    def __init__(self):
        self.used_jax = False

    def leave_Call(self, original, updated):
        if m.matches(updated, m.Call(func=m.Attribute(value=m.Subscript(value=m.Attribute(attr=m.Name("at"))),
                                                      attr=m.Name("get")), args=[])):
            sub = updated.func.value
            return cst.Subscript(sub.value.value, sub.slice)
        return updated

    def leave_SimpleStatementLine(self, original, updated):
        if len(updated.body) != 1:
            return updated
        s = updated.body[0]
        if isinstance(s, cst.Assign) and len(s.targets) == 1 and isinstance(s.targets[0].target, cst.Name):
            parts = _parts(s.value)
            if parts is None:
                return updated
            x, index, how, value = parts
            name = s.targets[0].target
            tail = [cst.SimpleStatementLine([_write(name, index, how, value)])]
        elif isinstance(s, cst.Return) and s.value is not None and _parts(s.value) is not None:
            x, index, how, value = _parts(s.value)
            name = cst.Name("updated")
            tail = [cst.SimpleStatementLine([_write(name, index, how, value)]),
                    cst.SimpleStatementLine([cst.Return(name)])]
        else:
            return updated
        self.used_jax = True
        first = updated.with_changes(body=[cst.Assign([cst.AssignTarget(name)], _copy(x))])
        return cst.FlattenSentinel([first, *tail])


def rewrite(module: cst.Module, aliases, note, wrote_jax: bool = False) -> cst.Module:
    v = _Updates()
    out = module.visit(v)
    for left in m.findall(out, _AT):   # inside an expression: not rewritten, said so
        note(f"{cst.Module([]).code_for_node(left)[:60]}: x.at[...].{left.func.attr.value}(...) inside an expression "
             "is not translated; assign it to a name first (y = x.at[i].set(v))")
    if (v.used_jax or wrote_jax) and "jax" not in aliases:
        body = list(out.body)
        at = next((i for i, st in enumerate(body) if m.matches(st, m.SimpleStatementLine([m.Import() | m.ImportFrom()]))
                   and not m.matches(st.body[0], m.ImportFrom(module=m.Name("__future__")))), 0)
        imports = [cst.parse_statement("import jax.numpy"), cst.parse_statement("import jax.random")]
        out = out.with_changes(body=[*body[:at], *imports, *body[at:]])
    return out
