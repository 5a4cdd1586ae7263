"""Sequential additions in Gluon block code, rewritten by prepare.py: `x.add(a, b)` left after the
constructor took what it could -> `x.append(a); x.append(b)`; in a Sequential subclass's __init__
`self.add(a)` -> `self.add_module("<i>", a)` and `self.register_child(a, name)` (the Gluon writer's
add_module) -> `self.add_module(name, a)`."""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m


class Appends(cst.CSTTransformer):
    def __init__(self, own: bool, counter):
        self.own, self.counter = own, counter
        self.loops = 0   # inside a loop: the name of an added block is its index at run time

    def visit_For(self, node):
        self.loops += 1

    def leave_For(self, original, updated):
        self.loops -= 1
        return updated

    def visit_While(self, node):
        self.loops += 1

    def leave_While(self, original, updated):
        self.loops -= 1
        return updated

    def leave_SimpleStatementLine(self, original, updated):
        child = register_child_args(updated) if self.own else None
        if child is not None:   # self.register_child(block, name) in a Sequential subclass: add_module(name, block)
            return updated.with_changes(body=[cst.Expr(cst.Call(cst.parse_expression("self.add_module"), child))])
        add = add_call(updated)
        if add is None:
            return updated
        target, args = add
        out = []
        for a in args:
            a = a.with_changes(comma=cst.MaybeSentinel.DEFAULT)
            if a.star:   # add(*blocks) -> extend(blocks)
                call = cst.Call(cst.Attribute(target, cst.Name("extend")), [a.with_changes(star="")])
            elif self.own and m.matches(target, m.Name("self")):
                if self.loops:
                    name = cst.parse_expression("str(len(self))")
                else:
                    name = cst.SimpleString(f'"{self.counter[0]}"')
                    self.counter[0] += 1
                call = cst.Call(cst.parse_expression("self.add_module"), [cst.Arg(name), a])
            else:
                call = cst.Call(cst.Attribute(target, cst.Name("append")), [a])
            out.append(updated.with_changes(body=[cst.Expr(call)]))
        if len(out) == 1:
            return out[0]
        return cst.FlattenSentinel(out)


def newline() -> cst.ParenthesizedWhitespace:
    """A line break inside brackets, the next line indented one level more than the statement."""
    return cst.ParenthesizedWhitespace(indent=True, last_line=cst.SimpleWhitespace("    "))


def add_call(s):
    if not (isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1 and isinstance(s.body[0], cst.Expr)):
        return None
    call = s.body[0].value
    if not (isinstance(call, cst.Call) and m.matches(call.func, m.Attribute(attr=m.Name("add")))):
        return None
    if any(a.star == "**" or a.keyword is not None for a in call.args) or not call.args:
        return None   # add(*blocks): a Sequential(*blocks), or extend(blocks) later
    return call.func.value, list(call.args)


def register_child_args(s) -> list | None:
    """`self.register_child(block, name)`: the arguments of add_module(name, block), else None."""
    if not (isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1 and isinstance(s.body[0], cst.Expr)):
        return None
    call = s.body[0].value
    if not (isinstance(call, cst.Call) and m.matches(call.func, m.Attribute(m.Name("self"), m.Name("register_child")))
            and len(call.args) == 2 and not any(a.keyword or a.star for a in call.args)):
        return None
    block, name = call.args
    return [name.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))),
            block.with_changes(comma=cst.MaybeSentinel.DEFAULT)]
