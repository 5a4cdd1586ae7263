"""Linen's mode argument (`__call__(self, x, train=False)` driving `use_running_average=not train`,
`deterministic=not train`) -> NNX module flags, set for the whole model by `model.train()` /
`model.eval()`.

The argument leaves the signature; layer flags that read it are dropped (NNX layers carry their own),
and so are the arguments passing it on to submodules. Any other read (`if train:`) becomes
`not self.deterministic` (or `self.deterministic` / `self.use_running_average` for an argument of
that name), with `self.deterministic = False` in `__init__`: `eval()` / `train()` set it.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.flax.linen.construct import names_in

NAMES = ("train", "training", "is_training", "deterministic", "use_running_average")
POSITIVE = ("deterministic", "use_running_average")     # True means evaluation


def flag_params(fn: cst.FunctionDef) -> set[str]:
    return {p.name.value for p in (*fn.params.params, *fn.params.kwonly_params) if p.name.value in NAMES}


def passes_flag(arg: cst.Arg, flags: set[str]) -> bool:
    """An argument that only hands the mode on: `train`, `not train`, `deterministic=not train`."""
    if not flags or not (names_in(arg.value) & flags):
        return False
    v = arg.value
    if isinstance(v, cst.UnaryOperation) and isinstance(v.operator, cst.Not):
        v = v.expression
    if isinstance(v, cst.Name):
        return True
    return bool(arg.keyword and arg.keyword.value in NAMES)


def drop_params(fn: cst.FunctionDef, flags: set[str]) -> cst.FunctionDef:
    ps = fn.params
    keep = [p for p in ps.params if p.name.value not in flags]
    kwonly = [p for p in ps.kwonly_params if p.name.value not in flags]
    if keep:
        keep[-1] = keep[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    star = ps.star_arg if kwonly or not isinstance(ps.star_arg, cst.ParamStar) else cst.MaybeSentinel.DEFAULT
    return fn.with_changes(params=ps.with_changes(params=keep, kwonly_params=kwonly, star_arg=star))


def read(flag: str) -> cst.BaseExpression:
    """What a remaining read of the mode argument becomes."""
    if flag in POSITIVE:
        return cst.parse_expression(f"self.{flag}")
    return cst.parse_expression("(not self.deterministic)")


def init_flag(flag: str) -> str:
    return "deterministic" if flag not in POSITIVE else flag
