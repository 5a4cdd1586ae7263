"""Calls of the file's own blocks with keyword arguments (`self.rope(x, seq_len=n)`): Gluon's
Block.__call__ takes positional arguments only, so the keywords are written in the positions of the
called class's forward (defaults filled in where a later argument is given), as a Gluon author
would call it. hybrid.finish runs this before the hybrid/imperative rewrite."""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from nnport.frameworks.spec import Unsupported

FORWARDS = ("hybrid_forward", "forward")


def forward_params(module: cst.Module) -> dict[str, list[cst.Param]]:
    """Class -> the parameters of its forward after self (and F)."""
    out = {}
    for cls in module.body:
        if not isinstance(cls, cst.ClassDef):
            continue
        for s in cls.body.body:
            if isinstance(s, cst.FunctionDef) and s.name.value in FORWARDS:
                params = list(s.params.params)[1:]
                out[cls.name.value] = params[1:] if params and params[0].name.value == "F" else params
    return out


def held(module: cst.Module) -> dict[str, dict[str, str]]:
    """Class -> {attribute: the file class it holds} (`self.rope = Rotary(...)` in any method)."""
    classes = {c.name.value for c in module.body if isinstance(c, cst.ClassDef)}
    out: dict[str, dict[str, str]] = {}
    for cls in module.body:
        if not isinstance(cls, cst.ClassDef):
            continue
        attrs = out.setdefault(cls.name.value, {})

        class V(cst.CSTVisitor):
            def visit_Assign(self, node):
                v = node.value
                if isinstance(v, cst.Call) and isinstance(v.func, cst.Name) and v.func.value in classes:
                    for t in node.targets:
                        if m.matches(t.target, m.Attribute(value=m.Name("self"), attr=m.Name())):
                            attrs[t.target.attr.value] = v.func.value
        cls.visit(V())
    return out


class Positional(cst.CSTTransformer):
    def __init__(self, module: cst.Module):
        super().__init__()
        self.params, self.held = forward_params(module), held(module)
        self.cls: list[str] = []
        self.problems: list[tuple[str, str]] = []   # (class, why a call keeps its keywords)

    def visit_ClassDef(self, node):
        self.cls.append(node.name.value)

    def leave_ClassDef(self, original, updated):
        self.cls.pop()
        return updated

    def leave_Call(self, original, updated):
        f = updated.func
        if not self.cls or not any(a.keyword is not None for a in updated.args) or \
                not m.matches(f, m.Attribute(value=m.Name("self"), attr=m.Name())):
            return updated
        callee = self.held.get(self.cls[-1], {}).get(f.attr.value)
        if callee is None or callee not in self.params:
            return updated
        try:
            return updated.with_changes(args=positional(updated.args, self.params[callee]))
        except Unsupported as e:
            self.problems.append((self.cls[-1], f"self.{f.attr.value}(...): {e}"))
            return updated


def positional(args: list[cst.Arg], params: list[cst.Param]) -> list[cst.Arg]:
    if any(a.star for a in args):
        raise Unsupported("keywords with *args/**kwargs: Gluon blocks take positional arguments only")
    given = [a.value for a in args if a.keyword is None]
    keywords = {a.keyword.value: a.value for a in args if a.keyword is not None}
    names = [p.name.value for p in params]
    unknown = set(keywords) - set(names)
    if unknown:
        raise Unsupported(f"keywords {sorted(unknown)} are not parameters of the block's forward")
    last = max(names.index(k) for k in keywords)
    out = list(given)
    for i in range(len(given), last + 1):
        name = names[i]
        if name in keywords:
            out.append(keywords[name])
        elif params[i].default is not None:
            out.append(params[i].default)
        else:
            raise Unsupported(f"argument {name!r} of the block's forward is not given")
    return [cst.Arg(v) for v in out]
