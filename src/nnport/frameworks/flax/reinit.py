"""Flax's own module-level rngs and re-initialisations, read back (Flax as a source; prepare.py
applies them):

- `default_rngs = nnx.Rngs(0)` at module level (the stream the Flax writer draws `get_inputs()`'s
  random numbers from) is removed; its calls (`default_rngs()`, `default_rngs.params()`) are keys,
  which the readers of `jax.random.*` drop (PyTorch draws from its global generator);
- `layer.kernel.set_value(<init>)` of a submodule's weight (not a variable of the class itself),
  where `<init>` is an initializer's value (`jax.nn.initializers.orthogonal()(key, shape)`,
  `jnp.zeros_like(...)`, a `jax.random` draw): the re-initialisation is dropped with a note, as the
  Keras reader drops initializers: transfer_weights copies the weights, and the initial values only
  matter for training from scratch. A loop or `if` left empty by that goes too.
"""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

RNGS = "flax.nnx.Rngs"
# values a re-initialisation computes: initializers, constant fills, random draws
_INIT_PREFIXES = ("flax.nnx.initializers.", "jax.nn.initializers.", "flax.linen.initializers.", "jax.random.")
_FILLS = {f"jax.numpy.{f}" for f in ("zeros", "ones", "full", "zeros_like", "ones_like", "full_like")}
NOTE = ("re-initialisation of {target} dropped: transfer_weights copies the weights; the initial "
        "values only matter for training from scratch")


def module_rngs(module: cst.Module, names) -> set[str]:
    """Names bound at module level to `nnx.Rngs(...)`."""
    out = set()
    for stmt in module.body:
        for s in getattr(stmt, "body", ()) if isinstance(stmt, cst.SimpleStatementLine) else ():
            if isinstance(s, cst.Assign) and len(s.targets) == 1 and m.matches(s.targets[0].target, m.Name()) \
                    and isinstance(s.value, cst.Call) and RNGS in names(s.value.func):
                out.add(s.targets[0].target.value)
    return out


def is_initial_value(value, names) -> bool:
    """`value` computes an initial value: an initializer's (`init(...)(key, shape)`), a fill, a draw."""
    if not isinstance(value, cst.Call):
        return isinstance(value, cst.BinaryOperation) and (is_initial_value(value.left, names) or
                                                           is_initial_value(value.right, names))
    func = value.func.func if isinstance(value.func, cst.Call) else value.func
    found = names(func)
    return any(n.startswith(_INIT_PREFIXES) for n in found) or bool(found & _FILLS)


def reinitialised(stmt, names, is_variable) -> str | None:
    """`<a>.<b>.set_value(<initial value>)` of a submodule's weight: its target's text, else None."""
    if not (isinstance(stmt, cst.Expr) and isinstance(stmt.value, cst.Call)):
        return None
    call = stmt.value
    if not m.matches(call.func, m.Attribute(value=m.Attribute(), attr=m.Name("set_value"))) or \
            len(call.args) != 1 or is_variable(call.func.value):
        return None
    if not is_initial_value(call.args[0].value, names):
        return None
    return cst.Module([]).code_for_node(call.func.value)


def _empty(block) -> bool:
    return isinstance(block, cst.IndentedBlock) and not block.body


class EmptyBlocks(cst.CSTTransformer):
    """Loops and ifs whose bodies the re-initialisations left empty, removed (an `else` kept)."""

    def leave_For(self, original, updated):
        return cst.RemovalSentinel.REMOVE if _empty(updated.body) and updated.orelse is None else updated

    def leave_If(self, original, updated):
        if not _empty(updated.body):
            return updated
        if updated.orelse is None or (isinstance(updated.orelse, cst.Else) and _empty(updated.orelse.body)):
            return cst.RemovalSentinel.REMOVE
        if isinstance(updated.orelse, cst.If):
            return updated.orelse
        return updated.with_changes(test=cst.UnaryOperation(cst.Not(), updated.test.with_changes(
            lpar=[cst.LeftParen()], rpar=[cst.RightParen()])), body=updated.orelse.body, orelse=None)

    def leave_Else(self, original, updated):
        return cst.RemovalSentinel.REMOVE if _empty(updated.body) else updated

    def leave_FunctionDef(self, original, updated):
        if _empty(updated.body):
            return updated.with_changes(body=updated.body.with_changes(body=[cst.SimpleStatementLine([cst.Pass()])]))
        return updated
