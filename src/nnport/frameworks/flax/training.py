"""Flax NNX as a target of training code (translate/train_loop.py): the loss as a function of the
model, `nnx.value_and_grad` of it, `optimizer.update(model, grads)`; `model.state_dict()` ->
`nnx.state(model)`, `model.load_state_dict(s)` -> `nnx.update(model, s)`."""
from __future__ import annotations

import libcst as cst

STATE_DICT = "nnx.state({model})"
LOAD_STATE_DICT = "nnx.update({model}, {state})"


def train_step(fn: str, model: str, loss: str, aux: list[str], region: list, leading, grads: str = "grads") -> list:
    """`def fn(model): <region>; return loss[, aux]` and `loss[, aux], grads = nnx.value_and_grad(...)`."""
    extra = "" if not aux else aux[0] if len(aux) == 1 else f"({', '.join(aux)})"
    ret = cst.parse_statement(f"return {loss}, {extra}" if aux else f"return {loss}")
    first = region[0].leading_lines if region else leading
    body = [region[0].with_changes(leading_lines=[])] + region[1:] if region else []
    define = cst.parse_statement(f"def {fn}({model}):\n    pass\n").with_changes(
        body=cst.IndentedBlock(body=[*body, ret]), leading_lines=first)
    has_aux = ", has_aux=True" if aux else ""
    lhs = f"({loss}, {extra})" if aux else loss
    step = cst.parse_statement(f"{lhs}, {grads} = nnx.value_and_grad({fn}{has_aux})({model})")
    return [define, step]


def update(optimizer: str, model: str, stmt, grads: str = "grads", info=None) -> cst.BaseStatement:
    """`optimizer.update(model, grads)` (clipping and weight decay are in the optax chain)."""
    return cst.parse_statement(f"{optimizer}.update({model}, {grads})").with_changes(
        leading_lines=stmt.leading_lines)
