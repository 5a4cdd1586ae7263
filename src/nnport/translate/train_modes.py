"""Train/eval modes for targets that have none (Keras: `training=` on each call), in a module-level
function of training code, after translation:

    model.train()                          (dropped)
    for x, y in batches:                   for x, y in batches:
        out = model(x)             ->          out = model(x, training=True)
    model.eval()                           (dropped)
    val = model(xv)                        val = model(xv, training=False)

A call of a model gets the mode set last before it in the function's text (`m.train()`, `m.train(False)`,
`m.eval()`); the model of the function's optimizer starts in training mode (PyTorch's default for a
new module). After a call that is handed the model (`evaluate(model, ...)`, which may switch it) its
mode is not known until it is set again: its calls there get no flag and a diagnostic. Framework-neutral:
the source skeleton names the methods (TRAIN_LOOP), the target writer the keyword (MODE_KEYWORD)."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.spec import literal
from nnport.translate import mode_calls


def rewrite(t, original: cst.FunctionDef, updated: cst.FunctionDef, names: dict, writer, models: list[str]):
    """`models`: those the function's optimizers update (in training mode until set otherwise)."""
    found = _ModeNames(names)
    original.visit(found)
    tracked = found.models | set(models)
    if not tracked:
        return updated
    modes = _Modes(names, writer.MODE_KEYWORD, tracked, {m: True for m in models})
    updated = updated.visit(modes)
    for name, why in sorted(modes.unknown_calls.items()):
        t.flag(original, f"{name} is called after {why}, which may switch its mode: give it "
                         f"{writer.MODE_KEYWORD}= by hand (the mode is set again by {name}.{names['train']}() "
                         f"or {name}.{names['eval']}())")
    return updated


def _mode_statement(stmt, names: dict):
    """`m.train()` / `m.train(flag)` / `m.eval()` alone on a line -> (m, True | False | None: not literal)."""
    call = mode_calls.mode_call(stmt, {names[k] for k in ("train", "eval") if names.get(k)})
    if call is None:
        return None
    name, method, args = call.func.value.value, call.func.attr.value, call.args
    if method == names.get("eval") and not args:
        return name, False
    if method == names.get("train") and len(args) <= 1 and all(a.keyword is None or a.keyword.value == "mode" for a in args):
        flag = literal(args[0].value) if args else True
        return name, flag if isinstance(flag, bool) else None
    return None


class _ModeNames(cst.CSTVisitor):
    def __init__(self, names):
        self.names, self.models = names, set()

    def visit_SimpleStatementLine(self, node) -> None:
        m = _mode_statement(node, self.names)
        if m is not None:
            self.models.add(m[0])


class _Modes(cst.CSTTransformer):
    def __init__(self, names, keyword, tracked, modes):
        super().__init__()
        self.names, self.keyword, self.tracked, self.modes = names, keyword, tracked, dict(modes)
        self.unknown: dict[str, str] = {}        # model -> the call it was handed to
        self.unknown_calls: dict[str, str] = {}  # model called while unknown -> that call

    def visit_SimpleStatementLine(self, node) -> None:
        m = _mode_statement(node, self.names)
        if m is not None:
            name, flag = m
            self.unknown.pop(name, None)
            if flag is None:
                self.modes.pop(name, None)
            else:
                self.modes[name] = flag

    def leave_SimpleStatementLine(self, original, updated):
        m = _mode_statement(original, self.names)
        return cst.RemoveFromParent() if m is not None and m[1] is not None else updated

    def leave_IndentedBlock(self, original, updated):
        return updated if updated.body else updated.with_changes(body=[cst.parse_statement("pass")])

    def leave_Call(self, original, updated):
        f = updated.func
        if isinstance(f, cst.Name) and f.value in self.tracked:
            if f.value in self.unknown:
                self.unknown_calls.setdefault(f.value, self.unknown[f.value])
            elif f.value in self.modes and not any(a.keyword and a.keyword.value == self.keyword for a in updated.args):
                kw = cst.Arg(cst.Name(str(self.modes[f.value])), keyword=cst.Name(self.keyword),
                             equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")))
                return updated.with_changes(args=[*updated.args, kw])
            return updated
        for a in updated.args:   # handed the model: it may switch its mode
            if isinstance(a.value, cst.Name) and a.value.value in self.tracked:
                self.unknown[a.value.value] = f"{cst.Module([]).code_for_node(f)}({a.value.value}, ...)"
        return updated
