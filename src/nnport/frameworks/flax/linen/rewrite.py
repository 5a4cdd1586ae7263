"""Flax Linen -> Flax NNX, a pure-LibCST rewrite (no framework is imported here, except through
sizes.record, which runs the Linen model once where flax can be imported).

`to_nnx(code, filename)` -> (NNX code, diagnostics). `rewrite(...)` also gives `names`: the NNX path
of each Linen module a loop constructs (`("Model", "Dense_2") -> "dense_layers.2"`), which
transfer.load_linen needs to move a Linen variables dict into the NNX model.
"""
from __future__ import annotations

import ast
import os
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from nnport.diagnostics import Diagnostic
from nnport.frameworks.flax.linen import classes
from nnport.frameworks.flax.linen.context import Ctx
from nnport.frameworks.flax.linen.layers import FUNCTIONS, LINEN, MODULE
from nnport.translate.names import collect

CONVENTION = ("Model", "get_init_inputs", "get_inputs")


@dataclass
class Rewritten:
    code: str
    diagnostics: list
    names: dict


def imports_linen(code: str) -> bool:
    """Whether a source file imports flax.linen (then it goes through to_nnx first)."""
    return any(v == LINEN or v.startswith(LINEN + ".") for v in collect(code).values())


def to_nnx(code: str, filename: str = "<string>", example=None) -> tuple[str, list[Diagnostic]]:
    """`example`: what to record the layer sizes from instead of the file's `get_init_inputs()` /
    `get_inputs()`: `(init_args, inputs)` for `Model(*init_args)` on `inputs`, or a sizes.Record."""
    out = rewrite(code, filename, example)
    return out.code, out.diagnostics


def rewrite(code: str, filename: str = "<string>", example=None) -> Rewritten:
    tree = ast.parse(code)
    aliases = collect(code, tree)
    diags: list[Diagnostic] = []
    record = _record(code, filename, tree, diags, example)
    wrapper = MetadataWrapper(cst.parse_module(code))
    positions = wrapper.resolve(PositionProvider)
    sized: set = set()
    while True:          # again when a class got an `in_features` parameter after a caller was built
        ctx = Ctx(aliases, positions, record, filename, diags=list(diags), sized=set(sized))
        ctx.user = classes.linen_classes(ctx, wrapper.module)
        module = wrapper.module.visit(classes.Classes(ctx))
        if ctx.sized == sized:
            break
        sized = ctx.sized
    module = module.visit(_Names(ctx))
    module = _imports(module, ctx)
    return Rewritten(module.code, ctx.diags, ctx.names)


def _record(code: str, filename: str, tree, diags: list, example=None):
    from nnport.frameworks.flax.linen import sizes
    if isinstance(example, sizes.Record):
        return example
    if example is not None:
        try:
            return sizes.record(code, filename, *example)
        except Exception as e:  # noqa: BLE001 - flax may be missing here, or the example may not fit
            diags.append(Diagnostic("warning", 1, 1, f"could not run the Linen model on the example "
                                    f"({type(e).__name__}: {e})", "", filename))
            return None
    if os.environ.get("NNPORT_RECORD_SHAPES", "1") == "0":
        diags.append(Diagnostic("info", 1, 1, "NNPORT_RECORD_SHAPES=0: the Linen model is not run; "
                                "layer input sizes are left to fill in", "", filename))
        return None
    defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    if not all(n in defined for n in CONVENTION):
        diags.append(Diagnostic("warning", 1, 1, "no Model / get_init_inputs / get_inputs: the Linen "
                                "model cannot be run to record layer input sizes", "", filename))
        return None
    try:
        return sizes.record(code, filename)
    except Exception as e:  # noqa: BLE001 - flax may be missing here, or the file may not run
        diags.append(Diagnostic("warning", 1, 1, f"could not run the Linen model to record layer "
                                f"sizes ({type(e).__name__}: {e})", "", filename))
        return None


class _Names(cst.CSTTransformer):
    """`nn.relu` -> `nnx.relu`, `nn.Module` -> `nnx.Module`, `nn.initializers.x` -> `nnx.initializers.x`;
    a Linen name with no NNX counterpart stays, with a diagnostic."""

    def __init__(self, ctx: Ctx):
        super().__init__()
        self.ctx = ctx

    def leave_Attribute(self, original, updated):
        return self._name(original, updated)

    def leave_Name(self, original, updated):
        return self._name(original, updated)

    def visit_Attribute(self, node):
        return self.ctx.linen(node) is None      # a Linen name is rewritten whole

    def visit_Import(self, node):
        return False

    def visit_ImportFrom(self, node):
        return False

    def _name(self, original, updated):
        name = self.ctx.linen(original)
        if name is None or name == "":
            return updated
        head = name.split(".")[0]
        if head in FUNCTIONS or name == MODULE:
            return cst.parse_expression(f"nnx.{name}")
        self.ctx.warn(original, f"flax.linen.{name} has no Flax NNX counterpart here; kept", f"flax.linen.{name}")
        return updated


def _imports(module: cst.Module, ctx: Ctx) -> cst.Module:
    """The Linen import -> `from flax import nnx`, kept too when a Linen name is still used."""
    still = any(d.api.startswith(LINEN + ".") and "no Flax NNX" in d.message for d in ctx.diags)
    body, done = [], False
    for stmt in module.body:
        if _is_linen_import(stmt):
            if not done:
                body.append(cst.parse_statement("from flax import nnx"))
                done = True
            if still:
                body.append(stmt)
            continue
        body.append(stmt)
    return module.with_changes(body=body)


def _is_linen_import(stmt) -> bool:
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return False
    code = cst.Module([]).code_for_node(stmt.body[0])
    return code.startswith(("from flax import linen", "import flax.linen", "from flax.linen import "))

