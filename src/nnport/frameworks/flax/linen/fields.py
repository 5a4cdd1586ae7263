"""Linen dataclass fields -> the NNX constructor: `features: int` / `rate: float = 0.5` in the class
body become `__init__(self, features: int, rate: float = 0.5, *, rngs: nnx.Rngs)` storing each one
on `self`, so `self.features` reads the same in the methods."""
from __future__ import annotations

import libcst as cst


def split_fields(body: list) -> tuple[list[cst.Param], list, list]:
    """(constructor parameters, `self.f = f` statements, the class body without the fields)."""
    params, stores, rest = [], [], []
    for stmt in body:
        ann = _field(stmt)
        if ann is None:
            rest.append(stmt)
            continue
        name = ann.target.value
        params.append(cst.Param(cst.Name(name), annotation=ann.annotation,
                                default=ann.value, equal=_eq() if ann.value is not None else
                                cst.MaybeSentinel.DEFAULT))
        stores.append(assign_self(name, cst.Name(name)))
    return params, stores, rest


def _field(stmt):
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return None
    ann = stmt.body[0]
    if not isinstance(ann, cst.AnnAssign) or not isinstance(ann.target, cst.Name):
        return None
    text = cst.Module([]).code_for_node(ann.annotation.annotation)
    return None if "ClassVar" in text else ann


def _eq():
    return cst.AssignEqual(cst.SimpleWhitespace(" "), cst.SimpleWhitespace(" "))


def assign_self(name: str, value: cst.BaseExpression) -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(self_attr(name))], value)])


def self_attr(name: str) -> cst.Attribute:
    return cst.Attribute(cst.Name("self"), cst.Name(name))


def init_def(params: list[cst.Param], body: list) -> cst.FunctionDef:
    """`def __init__(self, <fields>, *, rngs: nnx.Rngs):` with `body`."""
    rngs = cst.Param(cst.Name("rngs"), annotation=cst.Annotation(cst.parse_expression("nnx.Rngs")))
    return cst.FunctionDef(
        cst.Name("__init__"),
        cst.Parameters([cst.Param(cst.Name("self")), *params], star_arg=cst.ParamStar(),
                       kwonly_params=[rngs]),
        cst.IndentedBlock(body or [cst.SimpleStatementLine([cst.Pass()])]))
