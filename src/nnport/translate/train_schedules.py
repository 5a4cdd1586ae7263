"""The learning-rate scheduler of an optimizer in a training loop (translate/train_loop.py): built next to
the optimizer, stepped once per optimizer step or once per pass over a loader (`for x in loader:`
around the step), which the target's optimizer reads as `count // len(loader)`."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.spec import Unsupported, code
from nnport.translate import loop_deps as deps
from nnport.translate import reading


def attach(t, p, k, info, schedules, found, sln, oln, canon) -> None:
    """The scheduler of step k's optimizer, if any: its roles in the plan, what the emitters read."""
    opt = p.steps[k].optimizer
    mine_all = {n: v for n, v in schedules.items()
                if deps.dotted(reading.read(v[2], list(v[1].args), t.ctx).get("optimizer")) == opt}
    if len(mine_all) > 1:
        raise Unsupported("training loop: one learning-rate scheduler per optimizer is translated")
    for name, (ln, call, e) in mine_all.items():
        mine = [s for s, (n, *_) in found.get("sched_step", []) if n == name]
        if len(mine) != 1:
            raise Unsupported(f"training loop: {name}.step() once in the loop expected")
        if ln.block is not oln.block:
            raise Unsupported(f"training loop: {name} built away from the optimizer it schedules")
        info["schedule"] = name
        info["per"] = per(mine[0], sln)
        p.info[id(call)] = {"lr": code(canon.get("lr")), "per": info["per"]}
        p.steps[k].schedule = id(call)
        p.roles[id(mine[0].stmt)] = "drop"
        p.roles[id(ln.stmt)], p.owner[id(ln.stmt)] = "scheduler", k


def per(step, opt_step) -> str | None:
    """None: the scheduler steps with the optimizer; else the code of the steps per scheduler step."""
    if step.block is opt_step.block:
        if step.block.index(step.stmt) < step.block.index(opt_step.stmt):
            raise Unsupported("training loop: scheduler.step() before optimizer.step()")
        return None
    loop = opt_step.parents[-1] if opt_step.parents else None
    if isinstance(loop, cst.For) and loop in step.block and step.block.index(loop) < step.block.index(step.stmt) \
            and opt_step.parents[:-1] == step.parents:
        it = loop.iter
        if isinstance(it, cst.Call) and isinstance(it.func, cst.Name) and it.func.value == "enumerate" and it.args:
            it = it.args[0].value
        if isinstance(it, cst.Name):
            return f"len({it.value})"
    raise Unsupported("training loop: a scheduler stepped once per pass over a loader (for x in loader:) "
                      "or once per optimizer step is translated")
