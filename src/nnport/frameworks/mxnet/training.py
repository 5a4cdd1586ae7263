"""Gluon as a target of training code (translate/train_loop.py), the loop as Gluon code writes it:

    with autograd.record():          # the loss statements, recorded (and run in training mode)
        loss = criterion(model(x), y)
    loss.backward()
    gluon.utils.clip_global_norm(...)   # clipping stays between backward() and step()
    optimizer.step(1)

`step(1)`: the loss is already reduced as the source reduces it (a mean, a sum over the batch...),
so its gradient is the source's; `step(batch_size)` would rescale it by 1/batch_size. Gradients are
written afresh by each backward (grad_req='write'): zero_grad() has no counterpart. Gluon's mode is
autograd's (training inside record(), inference outside): model.train() / model.eval() go.
model.state_dict() -> the arrays of `collect_params()` by name; load_state_dict(s) ->
`collect_params().load_dict(s)` (it copies them in)."""
from __future__ import annotations

import libcst as cst

STATE_DICT = "{{name: p.data() for name, p in {model}.collect_params().items()}}"
LOAD_STATE_DICT = "{model}.collect_params().load_dict({state})"
CLIPS_IN_LOOP = True     # clipping calls are statements of the loop, each translated where it is
MODE_CALLS = None        # model.train() / model.eval(): no statement (the mode follows autograd.record)
MODES = ("Gluon's mode is autograd's: training inside autograd.record(), inference outside it; "
         "a forward the source runs in training mode outside the loss, or the loss in eval mode, differs")


def train_step(fn: str, model: str, loss: str, aux: list[str], region: list, leading, grads: str = "grads") -> list:
    """`with autograd.record(): <region>` and `loss.backward()`."""
    first = region[0].leading_lines if region else leading
    body = [region[0].with_changes(leading_lines=[])] + region[1:] if region else [cst.parse_statement("pass")]
    record = cst.parse_statement("with autograd.record():\n    pass\n").with_changes(
        body=cst.IndentedBlock(body=body), leading_lines=first)
    return [record, cst.parse_statement(f"{loss}.backward()")]


def update(optimizer: str, model: str, stmt, grads: str = "grads", info=None) -> cst.BaseStatement:
    return cst.parse_statement(f"{optimizer}.step(1)").with_changes(leading_lines=stmt.leading_lines)
