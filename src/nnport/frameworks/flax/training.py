"""Flax NNX as a target of training code (translate/train_loop.py): the loss as a function of the
module it differentiates, `nnx.value_and_grad` of it, `optimizer.update(module, grads)`, compiled
with `@nnx.jit` where the step reads nothing from the host; `model.state_dict()` -> `nnx.state(model)`,
`model.load_state_dict(s)` -> `nnx.update(model, s)`.

An optimizer over a submodule (`model.generator.parameters()`) differentiates that submodule: the loss
function takes it (`def compute_g_loss(generator)`) and reads the rest of the model as it is.
Gradients summed over several backward passes (no zero_grad() in the loop) are summed explicitly
(`jax.tree.map(jnp.add, ...)`), zero_grad() starting again from none.
"""
from __future__ import annotations

import libcst as cst

from nnport.translate.loop_deps import dotted, read

STATE_DICT = "nnx.state({model})"
LOAD_STATE_DICT = "nnx.update({model}, {state})"
HOST = {"item", "tolist", "numpy", "block_until_ready"}   # methods that read an array on the host
HOST_CALLS = {"float", "int", "bool", "print"}


class _Rename(cst.CSTTransformer):
    """`model.generator` -> `generator` (the loss function's parameter)."""

    def __init__(self, path: str, name: str):
        super().__init__()
        self.path, self.name = path, name

    def leave_Attribute(self, original, updated):
        return cst.Name(self.name) if dotted(original) == self.path else updated


def _param(model: str, region: list) -> str:
    if "." not in model:
        return model
    name, used = model.rsplit(".", 1)[-1], read(region)
    while name in used:
        name += "_"
    return name


def _loss_fn(fn: str, model: str, loss: str, aux: list[str], region: list, leading):
    param = _param(model, region)
    if param != model:
        region = [s.visit(_Rename(model, param)) for s in region]
    extra = "" if not aux else aux[0] if len(aux) == 1 else f"({', '.join(aux)})"
    ret = cst.parse_statement(f"return {loss}, {extra}" if aux else f"return {loss}")
    first = region[0].leading_lines if region else leading
    body = [region[0].with_changes(leading_lines=[])] + region[1:] if region else []
    define = cst.parse_statement(f"def {fn}({param}):\n    pass\n").with_changes(
        body=cst.IndentedBlock(body=[*body, ret]), leading_lines=first)
    has_aux = ", has_aux=True" if aux else ""
    lhs = f"({loss}, {extra})" if aux else loss
    return define, f"{lhs}, {{grads}} = nnx.value_and_grad({fn}{has_aux})({model})", lhs


def train_step(fn: str, model: str, loss: str, aux: list[str], region: list, leading, grads: str = "grads") -> list:
    """`def fn(model): <region>; return loss[, aux]` and `loss[, aux], grads = nnx.value_and_grad(...)`."""
    define, step, _ = _loss_fn(fn, model, loss, aux, region, leading)
    return [define, cst.parse_statement(step.format(grads=grads))]


def update(optimizer: str, model: str, stmt, grads: str = "grads") -> cst.BaseStatement:
    return cst.parse_statement(f"{optimizer}.update({model}, {grads})").with_changes(
        leading_lines=stmt.leading_lines)


def reset(grads: str, stmt) -> cst.BaseStatement:
    """optimizer.zero_grad() where gradients are summed: none summed yet."""
    return cst.parse_statement(f"{grads} = None").with_changes(
        leading_lines=stmt.leading_lines if stmt is not None else [])


def accumulate(grads: str, new: str) -> cst.BaseStatement:
    """backward() adds to the gradients summed since zero_grad()."""
    return cst.parse_statement(f"{grads} = {new} if {grads} is None else jax.tree.map(jnp.add, {grads}, {new})")


def _host_reads(region: list) -> bool:
    found = []

    class _V(cst.CSTVisitor):
        def visit_Call(self, n):
            f = n.func
            if (isinstance(f, cst.Attribute) and f.attr.value in HOST) or \
                    (isinstance(f, cst.Name) and f.value in HOST_CALLS):
                found.append(n)
    for s in region:
        s.visit(_V())
    return bool(found)


def jit_step(name: str, fn: str, model: str, loss: str, aux: list[str], region: list, leading, optimizer,
             args: list[str], grads: str = "grads"):
    """(`@nnx.jit def name(model, optimizer, *data): ...; return loss[, aux]`, `loss[, aux] = name(...)`);
    optimizer None: the gradients only (`return nnx.value_and_grad(...)(model)`, the update outside).
    None where the loss reads values on the host or branches in Python (not traceable)."""
    if _host_reads(region) or not all(isinstance(s, cst.SimpleStatementLine) for s in region):
        return None
    define, step, lhs = _loss_fn(fn, model, loss, aux, region, [])
    if optimizer is None:
        tail = [cst.parse_statement("return " + step.split(" = ", 1)[1])]
        target = f"{lhs}, {grads}"
    else:
        ret = f"return {lhs.strip('()')}" if aux else f"return {loss}"
        tail = [cst.parse_statement(step.format(grads=grads)), cst.parse_statement(f"{optimizer}.update({model}, {grads})"),
                cst.parse_statement(ret)]
        target = lhs.strip("()") if aux else loss
    compiled = cst.parse_statement(f"@nnx.jit\ndef {name}({', '.join(args)}):\n    pass\n").with_changes(
        body=cst.IndentedBlock(body=[define.with_changes(leading_lines=[]), *tail]))
    first = region[0].leading_lines if region else leading
    call = cst.parse_statement(f"{target} = {name}({', '.join(args)})")
    return compiled, call.with_changes(leading_lines=first)
