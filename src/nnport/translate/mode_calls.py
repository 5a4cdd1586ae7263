"""`model.train()` / `model.eval()` where the target has no module mode to set (its writer says
`MODE_CALLS = None`: Gluon, whose mode is autograd's, training inside `autograd.record()` and
inference outside): the statements go, each with an info note (the writer's MODES says what the
target does instead), a block left empty gets `pass`. Framework-neutral: the source skeleton names
the methods (TRAIN_LOOP "train", "eval"), the target's TRAIN_WRITER decides."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.spec import code


def modes(names, writer) -> set[str]:
    """The source's mode methods where the target has none to call."""
    if names is None or writer is None or not hasattr(writer, "MODE_CALLS") or writer.MODE_CALLS is not None:
        return set()
    return {names[k] for k in ("train", "eval") if k in names}


def mode_call(stmt, methods: set[str]) -> cst.Call | None:
    """`name.train()` / `name.eval()` / `name.train(False)` standing alone as a statement."""
    small = stmt.body[0] if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 else None
    call = small.value if isinstance(small, cst.Expr) else None
    if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and isinstance(call.func.value, cst.Name) \
            and call.func.attr.value in methods and len(call.args) <= 1:
        return call
    return None


def flag(t, fn: cst.FunctionDef) -> None:
    """A note at each mode call of the module function `fn` (original nodes, placed once visited)."""
    writer = getattr(t.dst.skeleton, "TRAIN_WRITER", None)
    methods = modes(getattr(t.src.skeleton, "TRAIN_LOOP", None), writer)
    if not methods:
        return
    found = _Finder(methods)
    fn.body.visit(found)
    for call in found.calls:
        t.flag(call, f"{code(call)}: dropped ({writer.MODES})", severity="info")


class _Finder(cst.CSTVisitor):
    def __init__(self, methods):
        super().__init__()
        self.methods, self.calls = methods, []

    def visit_SimpleStatementLine(self, node) -> None:
        call = mode_call(node, self.methods)
        if call is not None:
            self.calls.append(call)


class Drop(cst.CSTTransformer):
    """The mode calls of a translated module function removed."""

    def __init__(self, names, writer):
        super().__init__()
        self.methods = modes(names, writer)

    def leave_SimpleStatementLine(self, original, updated):
        return cst.RemoveFromParent() if self.methods and mode_call(updated, self.methods) else updated

    def leave_IndentedBlock(self, original, updated):   # a block left empty
        return updated if updated.body else updated.with_changes(body=[cst.parse_statement("pass")])
