"""Signatures written the way Python writes them, and binding of LibCST call arguments to them.

    Signature.parse("in_features, out_features, bias=True, device=None, dtype=None")

Tables state every API's signature in this form; a test checks them against `inspect.signature`.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

import libcst as cst

POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD, VAR_POSITIONAL, KEYWORD_ONLY, VAR_KEYWORD = (
    "positional_only", "positional_or_keyword", "var_positional", "keyword_only", "var_keyword")
REQUIRED = None  # default of a parameter that has none


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    default: str | None = REQUIRED  # Python source text of the default, or None when required


@dataclass(frozen=True)
class Signature:
    params: tuple[Param, ...]

    @classmethod
    def parse(cls, text: str) -> "Signature":
        fn = ast.parse(f"def f({text}): pass").body[0]
        a = fn.args
        out: list[Param] = []
        positional = a.posonlyargs + a.args
        defaults = [None] * (len(positional) - len(a.defaults)) + list(a.defaults)
        for i, (arg, d) in enumerate(zip(positional, defaults)):
            kind = POSITIONAL_ONLY if i < len(a.posonlyargs) else POSITIONAL_OR_KEYWORD
            out.append(Param(arg.arg, kind, None if d is None else ast.unparse(d)))
        if a.vararg:
            out.append(Param(a.vararg.arg, VAR_POSITIONAL))
        for arg, d in zip(a.kwonlyargs, a.kw_defaults):
            out.append(Param(arg.arg, KEYWORD_ONLY, None if d is None else ast.unparse(d)))
        if a.kwarg:
            out.append(Param(a.kwarg.arg, VAR_KEYWORD))
        return cls(tuple(out))

    def names(self) -> list[str]:
        return [p.name for p in self.params]

    def get(self, name: str) -> Param | None:
        for p in self.params:
            if p.name == name:
                return p
        return None


class BindError(Exception):
    """The call does not fit the signature (too many arguments, unknown keyword, *args...)."""


@dataclass
class Bound:
    """Arguments of one call, by parameter name. `given` holds what the call spelled out."""
    given: dict[str, cst.BaseExpression] = field(default_factory=dict)
    varargs: list[cst.BaseExpression] = field(default_factory=list)
    extra_kwargs: dict[str, cst.BaseExpression] = field(default_factory=dict)


def bind(sig: Signature, args: list[cst.Arg]) -> Bound:
    """Bind LibCST call arguments to `sig` by Python's rules; raises BindError."""
    bound = Bound()
    positional = [p for p in sig.params if p.kind in (POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD)]
    var_pos = next((p for p in sig.params if p.kind == VAR_POSITIONAL), None)
    var_kw = next((p for p in sig.params if p.kind == VAR_KEYWORD), None)
    i = 0
    for a in args:
        if a.star == "**":
            raise BindError("`**kwargs` expansion cannot be bound statically")
        if a.star == "*":
            if var_pos is not None and i >= len(positional):
                bound.varargs.append(cst.StarredElement(a.value))
                continue
            raise BindError("`*args` expansion cannot be bound statically")
        if a.keyword is None:
            if i < len(positional):
                bound.given[positional[i].name] = a.value
                i += 1
            elif var_pos is not None:
                bound.varargs.append(a.value)
            else:
                raise BindError(f"too many positional arguments (takes {len(positional)})")
        else:
            name = a.keyword.value
            p = sig.get(name)
            if p is None or p.kind in (POSITIONAL_ONLY, VAR_POSITIONAL, VAR_KEYWORD):
                if var_kw is None:
                    raise BindError(f"unexpected keyword argument {name!r}")
                bound.extra_kwargs[name] = a.value
                continue
            if name in bound.given:
                raise BindError(f"argument {name!r} given twice")
            bound.given[name] = a.value
    for p in sig.params:
        if p.kind in (POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD, KEYWORD_ONLY) and p.default is None \
                and p.name not in bound.given and p.name != "self":
            raise BindError(f"missing required argument {p.name!r}")
    return bound
