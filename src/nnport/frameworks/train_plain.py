"""The plain form of a training loop that a source's prepare writes (keras/train_prepare.py,
flax/train_prepare.py) and the source's readers read (training_source.py):

    optimizer = <source optimizer>(model.parameters(), <its arguments>, <lr: a number>)
    scheduler = <source schedule>(optimizer, <its arguments>)     # where the source has one
    ...
    optimizer.zero_grad()
    <the statements computing the loss>
    loss.backward()
    <source clip>(model.parameters(), <its arguments>)            # where the source clips
    optimizer.step()
    scheduler.step()

Shared here: the optimizer call on `model.parameters()` with its schedule split off, statements
from text, and a walk over the statement blocks of a function.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import libcst as cst

from nnport.frameworks.spec import code
from nnport.frameworks.training_source import SCHEDULED
from nnport.translate.names import qualified


class Refused(Exception):
    """The loop does not fit the plain form (the message says why): it is left as it is."""


def stmt(text: str) -> cst.BaseStatement:
    return cst.parse_statement(text)


def qname(node, aliases, canonical: Callable[[str], str]) -> str | None:
    names = sorted(canonical(n) for n in qualified(node, aliases)) if node is not None else []
    return names[0] if names else None


def arg(call: cst.Call, keyword: str, index: int | None) -> cst.Arg | None:
    for a in call.args:
        if a.keyword is not None and a.keyword.value == keyword:
            return a
    positional = [a for a in call.args if a.keyword is None and not a.star]
    return positional[index] if index is not None and index < len(positional) else None


@dataclass
class Schedule:
    """Where a schedule's base learning rate is: argument `keyword` (or position `index`); `item`:
    its first element (a list of values)."""
    keyword: str
    index: int | None = 0
    item: bool = False


def optimizer(call: cst.Call, model: str, lr: tuple[str, int | None], schedules: dict[str, Schedule],
              bound: dict[str, cst.Call], aliases, canonical) -> tuple[cst.Call, cst.Call | None]:
    """(the optimizer on `model.parameters()` with a number as its learning rate, the schedule call
    that sets it, or None). `bound`: names bound to schedule calls earlier in the function."""
    found = arg(call, *lr)
    sched = None
    if found is not None:
        v = found.value
        sched = bound.get(v.value) if isinstance(v, cst.Name) else \
            v if isinstance(v, cst.Call) and qname(v.func, aliases, canonical) in schedules else None
    args = [cst.Arg(cst.parse_expression(f"{model}.parameters()")), *call.args]
    if sched is not None:
        spec = schedules[qname(sched.func, aliases, canonical)]
        base = arg(sched, spec.keyword, spec.index)
        if base is None:
            raise Refused(f"{code(sched.func)}: no {spec.keyword}")
        value = base.value
        if spec.item:
            if not isinstance(value, (cst.List, cst.Tuple)) or not value.elements:
                raise Refused(f"{code(sched.func)}: {spec.keyword} must be a list written out")
            value = value.elements[0].value
        args = [a.with_changes(value=value) if a is found else a for a in args]
        args.append(cst.Arg(cst.Name("True"), keyword=cst.Name(SCHEDULED), equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))))
    return call.with_changes(args=_commas(args)), sched


def on_optimizer(sched: cst.Call, name: str) -> cst.Call:
    """The schedule call with the optimizer `name` first."""
    return sched.with_changes(args=_commas([cst.Arg(cst.Name(name)), *sched.args]))


def _commas(args: list[cst.Arg]) -> list[cst.Arg]:
    out = []
    for i, a in enumerate(args):
        last = i == len(args) - 1
        out.append(a.with_changes(comma=cst.MaybeSentinel.DEFAULT if last else cst.Comma(
            whitespace_after=cst.SimpleWhitespace(" "))))
    return out


def small(s):
    return s.body[0] if isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1 else None


def assigned_call(s) -> tuple[str, cst.Call] | None:
    """`name = call(...)` -> (name, call)."""
    sm = small(s)
    if isinstance(sm, cst.Assign) and len(sm.targets) == 1 and isinstance(sm.targets[0].target, cst.Name) \
            and isinstance(sm.value, cst.Call):
        return sm.targets[0].target.value, sm.value
    return None


def expr_call(s) -> cst.Call | None:
    sm = small(s)
    return sm.value if isinstance(sm, cst.Expr) and isinstance(sm.value, cst.Call) else None


def method_call(node, method: str) -> tuple[str, cst.Call] | None:
    """`name.method(...)` -> (name, call)."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == method \
            and isinstance(node.func.value, cst.Name):
        return node.func.value.value, node
    return None


def rebuild_blocks(body: list, visit: Callable[[cst.BaseStatement], list]) -> list:
    """Each statement of `body` (and of its nested blocks, innermost first) replaced by visit(s)."""
    out = []
    for s in body:
        s = _inner(s, visit)
        out += visit(s)
    return out


def _inner(s, visit):
    if isinstance(s, (cst.For, cst.While, cst.If, cst.With, cst.Try, cst.FunctionDef)) and \
            isinstance(s.body, cst.IndentedBlock):
        s = s.with_changes(body=s.body.with_changes(body=rebuild_blocks(list(s.body.body), visit)))
        orelse = getattr(s, "orelse", None)
        if isinstance(orelse, cst.Else) and isinstance(orelse.body, cst.IndentedBlock):
            s = s.with_changes(orelse=orelse.with_changes(body=orelse.body.with_changes(
                body=rebuild_blocks(list(orelse.body.body), visit))))
    return s


class Names(cst.CSTVisitor):
    def __init__(self):
        self.names: set[str] = set()

    def visit_Name(self, node):
        self.names.add(node.value)

    def visit_Arg(self, node):   # a keyword is no name of the function
        node.value.visit(self)
        return False


def names_in(node) -> set[str]:
    v = Names()
    node.visit(v)
    return v.names


def fresh(name: str, taken: set[str]) -> str:
    while name in taken:
        name += "_"
    taken.add(name)
    return name


def has_call(node, matches: Callable[[cst.Call], bool]) -> bool:
    """Some call in `node` (a function) matches."""
    found = []

    class V(cst.CSTVisitor):
        def visit_Call(self, call):
            if not found and matches(call):
                found.append(call)
    node.visit(V())
    return bool(found)


def refused(diags: list, text: str, fn: str, why: Refused, filename: str) -> None:
    """The warning of a loop left as it is, at the line of `def fn(`."""
    from nnport.diagnostics import Diagnostic
    line = next((i for i, t in enumerate(text.splitlines(), 1) if t.lstrip().startswith(f"def {fn}(")), 1)
    diags.append(Diagnostic("warning", line, 1, f"training loop: {why}; the loop is left as it is", "", filename))
