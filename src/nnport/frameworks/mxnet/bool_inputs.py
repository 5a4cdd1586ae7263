"""Boolean masks a translated forward takes as arguments (hybrid.finish): one representation of bool.

MXNet 1.x operators refuse bool NDArrays ("Unknown type enum 7": logical_not, where, arithmetic), and
its comparisons give 1/0 in the input's float dtype; the translation holds every mask that way (and
needs no casts where PyTorch promotes a bool to float: `h.sum(-1) / m.sum(-1)` is float / float). An
argument is known to be a mask when the forward uses it (or what it reshapes it into) where PyTorch
requires a bool tensor: `~m` (F.logical_not), `torch.logical_and(m, k)` & co., `torch.where(m, ...)`
and `x.masked_fill(m, v)` (F.where's condition, the support `where(F, m, ...)`). Such an argument is
cast once, first thing in the function: `m = F.cast(m, "float32")`, so a caller may pass bool or
1/0 arrays. Masks used only where Gluon takes a bool array as it is (the attention helpers, which
read a bool mask as allowed/masked and a float one as additive; index_update) are left as they come;
where a cast one (or a reshape of it) is also passed to an attention helper (support/attention.py's
blocks and functions), that call is given it as bool again: `self.attn(q, k, k, F.cast(m, "bool"))`.
"""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

CAST = 'F.cast({name}, "float32")'
AS_BOOL = 'F.cast({name}, "bool")'
COMMENT = "# a bool mask as 1/0 floats (MXNet 1.x operators refuse bool arrays)"
# F.<op>s whose first argument must be a mask (all their array arguments, for the logical ones)
_BOOL_FIRST = frozenset({"where"})
_BOOL_ALL = frozenset({"logical_not", "logical_and", "logical_or", "logical_xor", "broadcast_logical_and",
                       "broadcast_logical_or", "broadcast_logical_xor"})
# F.<op>s whose result is their first argument's values moved or repeated (a mask stays one)
_KEEPS = frozenset({"expand_dims", "reshape", "reshape_like", "broadcast_like", "broadcast_to", "broadcast_axis",
                    "swapaxes", "transpose", "squeeze", "slice_axis", "slice", "slice_like", "flip", "reverse",
                    "tile", "repeat", "flatten", "logical_not", "identity", "BlockGrad", "stop_gradient"})
SUPPORT_WHERE = "where"   # support/math's where(F, condition, input, other): torch.where of arrays


def _attention() -> frozenset[str]:
    """The helpers that read a bool mask as one (support/attention.py's definitions)."""
    from nnport.frameworks.mxnet.support import SUPPORT
    return frozenset(SUPPORT.definitions("attention"))


def cast_masks(module: cst.Module, support: frozenset = frozenset()) -> cst.Module:
    """Every method of the file's classes (not those copied from support/, in `support`) that takes a
    mask argument casts it first."""
    return module.visit(_Cast(support))


def masks(fn: cst.FunctionDef, support_where: bool = True) -> tuple[list[str], set[str]]:
    """The parameters of `fn` (not self, not F) that it uses as masks, in order; and the names that
    hold one of them, cast (the parameters, and what they are reshaped into)."""
    uses, assigned = _Uses(support_where), {}
    fn.body.visit(uses)

    class Assigns(cst.CSTVisitor):
        def visit_Assign(self, node):
            for t in node.targets:
                if isinstance(t.target, cst.Name):
                    assigned.setdefault(t.target.value, []).append(node.value)
    fn.body.visit(Assigns())
    found: set[str] = set()
    todo = [n for e in uses.masks for n in _roots(e)]
    while todo:   # back through `m = mask.unsqueeze(1)` to the argument
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo += [n for e in assigned.get(name, []) for n in _roots(e)]
    params = [p.name.value for p in fn.params.params if p.name.value not in ("self", "F")]
    cast = [p for p in params if p in found]
    held, changed = set(cast), True
    while changed:   # forward: `m = mask.unsqueeze(1)` holds the cast mask too
        changed = False
        for name, values in assigned.items():
            if name not in held and all(set(_roots(v)) & held for v in values):
                held.add(name)
                changed = True
    return cast, held


def _support_blocks(cls: cst.ClassDef, support: frozenset) -> set[str]:
    """Attributes `self.<a> = <one of `support`>(...)` of the class."""
    out: set[str] = set()

    class V(cst.CSTVisitor):
        def visit_Assign(self, node):
            if isinstance(node.value, cst.Call) and m.matches(node.value.func, m.Name()) and \
                    node.value.func.value in support:
                out.update(t.target.attr.value for t in node.targets
                           if m.matches(t.target, m.Attribute(value=m.Name("self"), attr=m.Name())))
    cls.visit(V())
    return out


def _op(call: cst.BaseExpression) -> str | None:
    """`F.where(...)` -> "where" (also nd.*), else None."""
    if isinstance(call, cst.Call) and m.matches(call.func, m.Attribute(value=m.Name("F") | m.Name("nd"), attr=m.Name())):
        return call.func.attr.value
    return None


def _roots(e: cst.BaseExpression) -> list[str]:
    """The names whose values `e` is (through reshapes and the like): `F.expand_dims(mask, 1)` -> [mask]."""
    if isinstance(e, cst.Name):
        return [e.value]
    if _op(e) in _KEEPS and e.args:
        return _roots(e.args[0].value)
    return []


class _Uses(cst.CSTVisitor):
    """The expressions a function uses where PyTorch needs a bool tensor."""

    def __init__(self, support_where: bool):
        super().__init__()
        self.support_where = support_where
        self.masks: list[cst.BaseExpression] = []

    def visit_Call(self, node):
        op, args = _op(node), [a.value for a in node.args if a.keyword is None]
        if op in _BOOL_ALL:
            self.masks += args
        elif op in _BOOL_FIRST and args:
            self.masks.append(args[0])
        elif self.support_where and m.matches(node.func, m.Name(SUPPORT_WHERE)) and len(args) > 1:
            self.masks.append(args[1])   # where(F, condition, input, other)


class _Cast(cst.CSTTransformer):
    def __init__(self, support: frozenset):
        super().__init__()
        self.support = support
        self.blocks: list[set[str]] = []
        self.held: list[set[str]] = []

    def visit_ClassDef(self, node):
        self.blocks.append(_support_blocks(node, self.support & _attention()))
        return node.name.value not in self.support

    def leave_ClassDef(self, original, updated):
        self.blocks.pop()
        return updated

    def visit_FunctionDef(self, node):
        names, held = masks(node, SUPPORT_WHERE in self.support) if self.blocks else ([], set())
        self.held.append(held)

    def leave_Call(self, original, updated):
        """A cast mask passed to an attention helper: as bool again (its own reading of masks)."""
        held = self.held[-1] if self.held else set()
        f = updated.func
        to_support = m.matches(f, m.Name()) and f.value in self.support & _attention() or \
            m.matches(f, m.Attribute(value=m.Name("self"), attr=m.Name())) and self.blocks and \
            f.attr.value in self.blocks[-1]
        if not held or not to_support:
            return updated
        return updated.with_changes(args=[a.with_changes(value=cst.parse_expression(AS_BOOL.format(name=a.value.value)))
                                          if m.matches(a.value, m.Name()) and a.value.value in held else a
                                          for a in updated.args])

    def leave_FunctionDef(self, original, updated):
        self.held.pop()
        names = masks(original, SUPPORT_WHERE in self.support)[0] if self.blocks else []
        if not names or not isinstance(updated.body, cst.IndentedBlock):
            return updated
        body = list(updated.body.body)
        at = 1 if body and m.matches(body[0], m.SimpleStatementLine(body=[m.Expr(m.SimpleString())])) else 0
        casts = [cst.parse_statement(f"{n} = {CAST.format(name=n)}  {COMMENT}\n") for n in names]
        if at < len(body):   # the comments above the first statement stay first
            casts[0] = casts[0].with_changes(leading_lines=body[at].leading_lines)
            body[at] = body[at].with_changes(leading_lines=[])
        return updated.with_changes(body=updated.body.with_changes(body=body[:at] + casts + body[at:]))
