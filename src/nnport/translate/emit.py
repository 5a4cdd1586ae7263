"""How target tables say what to write: `call(api, *positional, **keywords)`.

A value is
- "{name}"  the canonical argument `name` (as given, else the source's default); left out when absent;
- "{*name}" the call's extra positional arguments (`*shape` style), spliced;
- any other string: Python code, parsed once;
- a function (canon, ctx) -> LibCST expression | str | None (None leaves the argument out).
A keyword whose value equals the target's own default (from `signature`) is left out, so output
reads like code a person wrote. `api` starting with "." is a method call on the first positional.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Any

import libcst as cst

from nnport.frameworks.spec import NOT_LITERAL, Canon, literal, code
from nnport.pivot.signature import Signature

_REF = re.compile(r"^\{(\*?)(\w+)\}$")


@dataclass
class Emit:
    api: str
    pos: tuple[Any, ...] = ()
    kw: dict[str, Any] = field(default_factory=dict)
    signature: str | None = None   # target's own signature, for defaults and signature checks

    def target_defaults(self) -> dict[str, str]:
        if self.signature is None:
            return {}
        return _defaults(self.signature)

    def __call__(self, canon: Canon, ctx) -> cst.BaseExpression:
        args: list[cst.Arg] = []
        for spec in self.pos:
            for v in _values(spec, canon, ctx):
                args.append(cst.Arg(v))
        defaults = self.target_defaults()
        for name, spec in self.kw.items():
            vals = _values(spec, canon, ctx)
            if not vals:
                continue
            v = vals[0]
            if name in defaults and _same(v, defaults[name]):
                continue
            args.append(cst.Arg(v, keyword=cst.Name(name), equal=_EQ))
        if self.api.startswith("."):
            if not args:
                raise ValueError(f"method emit {self.api} needs a receiver")
            recv, rest = args[0].value, args[1:]
            return cst.Call(cst.Attribute(parenthesize(recv), cst.Name(self.api[1:])), _commas(rest))
        return cst.Call(dotted(self.api), _commas(args))


@lru_cache(maxsize=None)
def _defaults(signature: str) -> dict[str, str]:
    return {p.name: p.default for p in Signature.parse(signature).params if p.default is not None}


def call(api: str, *pos: Any, sig: str | None = None, **kw: Any) -> Emit:
    return Emit(api, pos, kw, sig)


_EQ = cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))


def _commas(args: list[cst.Arg]) -> list[cst.Arg]:
    return [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args]


def _same(v: cst.BaseExpression, default_src: str) -> bool:
    a, b = literal(v), literal(cst.parse_expression(default_src))
    if a is not NOT_LITERAL and b is not NOT_LITERAL:
        return type(a) is type(b) and a == b or (isinstance(a, (int, float)) and not isinstance(a, bool)
                                                 and isinstance(b, (int, float)) and not isinstance(b, bool)
                                                 and a == b)
    return code(v) == default_src


def _values(spec: Any, canon: Canon, ctx) -> list[cst.BaseExpression]:
    if callable(spec):
        v = spec(canon, ctx)
        if v is None:
            return []
        vs = v if isinstance(v, list) else [v]
        return [cst.parse_expression(x) if isinstance(x, str) else x for x in vs]
    if isinstance(spec, str):
        m = _REF.match(spec)
        if m:
            star, name = m.groups()
            if star:
                return list(canon.varargs)
            v = canon.get(name)
            return [] if v is None else [v]
        return [cst.parse_expression(spec)]
    raise TypeError(f"bad emit value spec {spec!r}")


def dotted(name: str) -> cst.BaseExpression:
    parts = name.split(".")
    node: cst.BaseExpression = cst.Name(parts[0])
    for p in parts[1:]:
        node = cst.Attribute(node, cst.Name(p))
    return node


_ATOMS = (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.Integer, cst.Float, cst.SimpleString,
          cst.List, cst.Tuple, cst.Dict, cst.ConcatenatedString, cst.FormattedString)


def parenthesize(node: cst.BaseExpression) -> cst.BaseExpression:
    """Wrap in parentheses unless the node is an atom (safe as a receiver or operand)."""
    if isinstance(node, _ATOMS) or node.lpar:
        if isinstance(node, cst.Tuple) and not node.lpar:
            return node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        return node
    return node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


def expr(template: str, **nodes: cst.BaseExpression) -> cst.BaseExpression:
    """Build an expression from a template with `{name}` holes filled by LibCST nodes (the nodes
    themselves, not copies: their identity carries facts such as layout tags and leftover names)."""
    tree = _template(template)
    return tree.visit(_Fill({f"__nnport_{k}__": parenthesize(v) for k, v in nodes.items()}))


@lru_cache(maxsize=4096)
def _template(template: str) -> cst.BaseExpression:
    """The template parsed once (LibCST trees are immutable), holes as placeholder names."""
    return cst.parse_expression(_HOLE.sub(r"__nnport_\1__", template))


_HOLE = re.compile(r"\{(\w+)\}")


class _Fill(cst.CSTTransformer):
    def __init__(self, nodes: dict[str, cst.BaseExpression]):
        super().__init__()
        self.nodes = nodes

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        node = self.nodes.get(original.value)
        if node is None:
            if original.value.startswith("__nnport_"):
                raise KeyError(f"template hole {original.value[9:-2]!r} has no value")
            return updated
        return node

