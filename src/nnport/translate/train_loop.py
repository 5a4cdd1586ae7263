"""Training loops: the steps of a source's optimisation loop, read in one function and written as the
target's train step. Framework-neutral: the source skeleton names the methods (`TRAIN_LOOP`), the
source tables say which calls build optimizers, schedules and clipping (nnport.pivot.training), the
target skeleton writes the step (`TRAIN_WRITER`). PyTorch -> Flax NNX:

    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)     optimizer = nnx.Optimizer(model, tx, wrt=nnx.Param)
    for x, y in batches:                                        for x, y in batches:
        optimizer.zero_grad()                                       def compute_loss(model):
        out = model(x)                                                  out = model(x)
        loss = loss_fn(out, y)                           ->             loss = loss_fn(out, y)
        loss.backward()                                                 return loss, out
        clip_grad_norm_(model.parameters(), 1.0)                    (loss, out), grads = nnx.value_and_grad(
        optimizer.step()                                                compute_loss, has_aux=True)(model)
        scheduler.step()                                            optimizer.update(model, grads)

The statements between zero_grad() (or the start of the block) and backward() compute the loss, with
those before zero_grad() that use the module the optimizer updates (loop_deps.py): they become a
function of that module; the values they bind that are read elsewhere come back as its aux.
Clipping goes first in the optimizer's chain, the schedule in place of its learning rate (read
through the count of updates; once per pass over `loader` when the scheduler steps after the inner
loop: train_schedules.py). One step per optimizer: a GAN's two optimizers over model.generator and
model.discriminator are two loss functions, each computing again what it needs from its module. No
zero_grad() in the loop: gradients summed over the backward passes (the target's `accumulate`, and
`reset` for zero_grad()). Where
the target compiles steps (`jit_step`), the step is defined before the outermost loop, its arguments
the modules, the optimizer and the values the loop changes. What does not fit (two backward passes
for one step, zero_grad() between backward() and step()...) is left as it is with a diagnostic."""
from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from nnport.frameworks.spec import Unsupported, code
from nnport.pivot import training as ops
from nnport.translate import loop_deps as deps
from nnport.translate import mode_calls, reading, train_schedules


@dataclass
class Step:
    """One optimizer's step: the loss it differentiates and the module whose parameters it updates."""
    optimizer: str
    model: str                 # `model`, or `model.generator` (an optimizer over a submodule)
    loss: str = ""
    aux: list[str] = field(default_factory=list)
    fn: str = "compute_loss"
    grads: str = "grads"
    accumulate: str = ""       # no zero_grad() in the loop: the name of one backward pass's gradients
    init: bool = False         # accumulating, and no zero_grad() next to the optimizer: start at none
    args: list[str] | None = None   # a compiled step's arguments (the target's jit); None: in place
    jit: str = "train_step"
    loop: int = 0              # the outermost statement around the step: compiled steps go before it
    region: list = field(default_factory=list)   # the statements of its loss function
    copies: list = field(default_factory=list)   # those of them that also stay where they are
    schedule: int = 0          # the id of its scheduler's call (the emitter says there if it traces)
    whole: bool = False        # compiled: the update with the gradients (else the gradients only)
    grads_fn: str = "compute_grads"   # the compiled gradients' name, where the update is not compiled


@dataclass
class Plan:
    roles: dict[int, str] = field(default_factory=dict)   # original statement id -> role
    owner: dict[int, int] = field(default_factory=dict)   # original statement id -> its step (index)
    info: dict[int, dict] = field(default_factory=dict)   # original call id -> what emitters need
    steps: list[Step] = field(default_factory=list)
    hoisted: dict[int, list] = field(default_factory=dict)   # loop key -> compiled steps written before it
    warn: dict[int, str] = field(default_factory=dict)   # original statement id -> a warning it gets


def _entry(t, call):
    for name in sorted(t.qnames(call.func)):
        e = t.src.functions.get(name)
        if e is not None:
            return e
    return None


def plan(t, fn: cst.FunctionDef) -> Plan | None:
    """The plan of a module-level function with an optimisation loop; None when it has no optimizer.
    Raises Unsupported (why) when it has one but the loop does not fit."""
    names = getattr(t.src.skeleton, "TRAIN_LOOP", None)
    if names is None or getattr(t.dst.skeleton, "TRAIN_WRITER", None) is None:
        return None
    lines = deps.walk(list(fn.body.body))
    optimizers, schedules, found = {}, {}, {}
    for ln in lines:
        small = deps.small(ln.stmt)
        if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name) \
                and isinstance(small.value, cst.Call):
            e = _entry(t, small.value)
            if e is not None and ops.is_optimizer(e.op):
                optimizers[small.targets[0].target.value] = (ln, small.value, e)
            elif e is not None and ops.is_schedule(e.op):
                schedules[small.targets[0].target.value] = (ln, small.value, e)
            continue
        m = deps.method_call(ln.stmt)
        if m is not None and m[1] in (names["zero_grad"], names["step"]) and (m[0] in optimizers or m[0] in schedules):
            role = "sched_step" if m[0] in schedules else m[1]
            found.setdefault(role, []).append((ln, m))
        elif m is not None and m[1] == names["backward"]:
            found.setdefault("backward", []).append((ln, m))
        elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            e = _entry(t, small.value)
            if e is not None and ops.is_clip(e.op):
                found.setdefault("clip", []).append((ln, small.value, e))
    if not optimizers:
        return None
    return _fit(t, fn, names, optimizers, schedules, found)


def _fit(t, fn, names, optimizers, schedules, found) -> Plan:
    p, taken = Plan(), deps.all_names(fn)
    writer = t.dst.skeleton.TRAIN_WRITER
    canons = {n: reading.read(e, list(call.args), t.ctx) for n, (_, call, e) in optimizers.items()}
    modules = {n: _model(c, names) for n, c in canons.items()}
    backs, pairs = [ln for ln, _ in found.get("backward", [])], []
    for name in optimizers:
        steps = [ln for ln, m in found.get(names["step"], []) if m[0] == name]
        if len(steps) != 1:
            raise Unsupported(f"training loop: one {names['backward']}() and one {name}.{names['step']}() expected")
        bln = _backward_of(steps[0], backs, names, name)
        backs.remove(bln)
        pairs.append((name, steps[0], bln))
    if backs:
        raise Unsupported(f"training loop: one {names['backward']}() per optimizer step expected")
    foreign: set[int] = set()
    for name, sln, bln in sorted(pairs, key=lambda q: q[2].block.index(q[2].stmt)):
        oln, ocall, _ = optimizers[name]
        step, k = Step(name, modules[name]), len(p.steps)
        p.steps.append(step)
        zeros = [z for z, m in found.get(names["zero_grad"], []) if m[0] == name]
        _region_of(p, k, step, fn, names, bln, sln, zeros, foreign, [(n, s, modules[n]) for n, s, _ in pairs])
        deps.name_step(step, taken, len(pairs) > 1)
        if step.copies and deps.stateful(t.classes):
            p.warn.update({id(s): f"computed again in {step.fn}: a batch norm or dropout it runs in training mode "
                                  "updates its statistics (draws its noise) twice, once in PyTorch" for s in step.copies})
        if step.accumulate:
            if getattr(writer, "accumulate", None) is None or getattr(writer, "reset", None) is None:
                raise Unsupported(f"training loop: no {name}.{names['zero_grad']}() in the loop (gradients "
                                  "accumulated over several backward passes are not translated)")
            step.init = not any(z.block is oln.block for z in zeros)
        for z in zeros:
            p.roles[id(z.stmt)], p.owner[id(z.stmt)] = ("zero" if step.accumulate else "drop"), k
        info = {"clip": [], "model": step.model}
        in_loop = getattr(writer, "CLIPS_IN_LOOP", False)   # else first in the optimizer
        for ln, call, e in found.get("clip", []):
            if _between(ln, bln, sln):
                if in_loop:
                    p.roles[id(ln.stmt)] = "clip"   # a statement of the loop, translated where it is
                    continue
                info["clip"].append(code(_write(t, e, call)))
                p.roles[id(ln.stmt)] = "drop"
        train_schedules.attach(t, p, k, info, schedules, found, sln, oln, canons[name])
        p.info[id(ocall)] = info
        p.roles[id(oln.stmt)], p.owner[id(oln.stmt)] = "optimizer", k
        _jit(p, k, step, bln, sln, writer, modules)
    if any(id(ln.stmt) not in p.roles for ln, *_ in found.get("clip", [])):
        raise Unsupported("training loop: gradient clipping outside the loop body")
    return p


def _backward_of(sln, backs, names, name):
    """The backward() whose gradients `name`.step() applies: the last one before it, in its block or in
    the block around the `if` it is in (a step every k batches)."""
    if not backs:
        raise Unsupported(f"training loop: one {names['backward']}() and one {name}.{names['step']}() expected")
    where = [(sln.block, sln.block.index(sln.stmt))]
    if sln.parents and isinstance(sln.parents[-1], cst.If):
        outer = sln.parents[-1]
        where += [(b.block, b.block.index(outer)) for b in backs if outer in b.block]
    best, at_best = None, -1
    for bln in backs:
        for block, at in where:
            i = block.index(bln.stmt) if bln.block is block else -1
            if 0 <= i < at and i > at_best:
                best, at_best = bln, i
    if best is None or deps.small(best.stmt).value.args:
        raise Unsupported(f"training loop: loss.{names['backward']}() then {name}.{names['step']}() in the same "
                          "block expected")
    return best


def _between(ln, bln, sln) -> bool:
    """A statement after backward() and before step() (in its block, or in the `if` around step())."""
    block = bln.block
    if ln.block is sln.block and sln.block is not block:
        return ln.block.index(ln.stmt) < ln.block.index(sln.stmt)
    end = block.index(sln.stmt) if sln.block is block else block.index(sln.parents[-1])
    return ln.block is block and block.index(bln.stmt) < block.index(ln.stmt) < end


def _region_of(p, k, step, fn, names, bln, sln, zeros, foreign, others) -> None:
    block = bln.block
    b = block.index(bln.stmt)
    mine = [z for z in zeros if z.block is block]
    if mine and sln.block is block and any(b < block.index(z.stmt) < block.index(sln.stmt) for z in mine):
        raise Unsupported(f"training loop: {step.optimizer}.{names['zero_grad']}() between "
                          f"{names['backward']}() and {names['step']}()")
    step.accumulate = "" if mine else "batch_grads"
    z = block.index(mine[0].stmt) if mine else None
    step.loss = deps.small(bln.stmt).value.func.value.value
    try:
        found = deps.region(block, b, z, step.loss, step.model, foreign)
    except ValueError as e:
        raise Unsupported(f"training loop: {e}") from None
    if found is None:
        raise Unsupported(f"training loop: {step.loss} is not computed in the loop before {names['backward']}()")
    region, copies = found
    for s in region:
        if id(s) in p.roles:
            raise Unsupported("training loop: a statement computed for two optimisation steps")
        for name, sln2, module in others:   # computed again later: no other step may change its modules
            if name != step.optimizer and sln2.block is block and block.index(s) < block.index(sln2.stmt) < b \
                    and any(deps.overlaps(c, module) for c in deps.chains(s)):
                raise Unsupported(f"training loop: {step.loss} reads a value computed before {name}.step() "
                                  "changed the module it was computed with")
    copied = {id(s) for s in copies}
    step.copies = copies
    for s in region:
        p.roles[id(s)], p.owner[id(s)] = ("copy" if id(s) in copied else "region"), k
    foreign |= {id(s) for s in region if id(s) not in copied} | {id(bln.stmt), id(sln.stmt)}
    p.roles[id(bln.stmt)], p.roles[id(sln.stmt)] = "backward", "step"
    p.owner[id(bln.stmt)] = p.owner[id(sln.stmt)] = k
    outside = deps.read_outside(fn, {id(s) for s in region} | {id(bln.stmt)})
    step.aux = sorted(n for n in deps.bound(region) - {step.loss} - deps.bound(copies) if n in outside)
    step.region = region


def _jit(p, k, step, bln, sln, writer, modules) -> None:
    """The arguments of a compiled step (the target's `jit_step`): the modules, the optimizer, and the
    values the loss reads that the loop changes. The update compiled with the gradients (`whole`) only
    where step() follows backward() (what sits between would see the weights updated) and no gradients
    are summed; not compiled outside a loop."""
    if getattr(writer, "jit_step", None) is None or not bln.parents:
        return
    block = bln.block
    step.whole = not step.accumulate and sln.block is block and block.index(sln.stmt) - block.index(bln.stmt) == 1 + sum(
        p.roles.get(id(s)) == "drop" for s in block[block.index(bln.stmt) + 1:block.index(sln.stmt)])
    outer = bln.parents[0]
    varying = deps.bound_anywhere(outer)
    roots = []
    for m in [step.model, *modules.values()]:
        r = m.split(".")[0]
        if r not in roots and (r == step.model.split(".")[0] or r in deps.read(step.region)):
            roots.append(r)
    data = [n for n in deps.free(step.region) if n in varying and n not in roots and n != step.optimizer]
    step.args, step.loop = [*roots, *([step.optimizer] if step.whole else []), *data], id(outer)
    p.roles.setdefault(id(outer), "loop")
    p.owner[id(outer)] = id(outer)


def _model(canon, names) -> str:
    """The module an optimizer updates: `model` for model.parameters(), parameter groups' model."""
    params = canon.get("params")
    if isinstance(params, (cst.List, cst.Tuple)):   # parameter groups: [{"params": model.head.parameters()}, ...]
        owners = {_owner(kv.value, names) for e in params.elements if isinstance(e.value, cst.Dict)
                  for kv in e.value.elements if isinstance(kv, cst.DictElement) and code(kv.key)[1:-1] == "params"}
        owners.discard(None)
        roots = {o.split(".")[0] for o in owners}
        if len(roots) == 1:
            return roots.pop()
    elif _owner(params, names) is not None:
        return _owner(params, names)
    raise Unsupported("training loop: the optimizer's parameters must be `model.parameters()`")


def _owner(params, names) -> str | None:
    if isinstance(params, cst.Call) and isinstance(params.func, cst.Attribute) and \
            params.func.attr.value == names["parameters"]:
        return deps.dotted(params.func.value)
    return None


def _write(t, entry, call) -> cst.BaseExpression:
    c = reading.read(entry, list(call.args), t.ctx)
    target = reading.target_entry(t.dst.functions, c.op, entry.api, c)
    saved, t.ctx.node = t.ctx.node, call
    try:
        return reading.write(target, c, t.ctx)
    finally:
        t.ctx.node = saved


# ---- the Translator's side: marks on the way up, the block rebuilt --------------------------------
def mark(t, original, result) -> None:
    """Remember the role of a translated statement (its result may be a new node or several)."""
    role = t.train.roles.get(id(original)) if t.train is not None else None
    if role is None:
        return
    if id(original) in t.train.warn:
        t.flag(original, t.train.warn[id(original)])
    for node in result.nodes if isinstance(result, cst.FlattenSentinel) else [result]:
        if isinstance(node, cst.CSTNode):
            t.train_marks[id(node)] = (role, t.train.owner.get(id(original)))
            t.keep.append(node)


def rebuild(t, updated: cst.IndentedBlock) -> cst.IndentedBlock:
    """The block with the loss statements made functions, backward() and step() the target's."""
    marks, p = t.train_marks, t.train
    body = list(updated.body)
    if p is None or not any(id(s) in marks for s in body):
        return updated
    writer = t.dst.skeleton.TRAIN_WRITER
    held: dict = {}
    for s in body:
        if marks.get(id(s), ("",))[0] == "scheduler":
            held.setdefault(marks[id(s)][1], []).append(s)
    out, regions, carry = [], {}, []
    for s in body:
        role, k = marks.get(id(s), (None, None))
        step = p.steps[k] if role not in (None, "loop") and k is not None else None
        made = []
        if role in ("region", "copy"):
            regions.setdefault(k, []).append(s if role == "region" else s.with_changes(leading_lines=[]))
            made = [s] if role == "copy" else []
        elif role == "backward":
            made = _step(p, writer, step, regions.pop(k, []), s)
        elif role == "step":
            made = [] if step.args is not None and step.whole else [writer.update(step.optimizer, step.model, s, step.grads)]
        elif role == "zero":
            made = [writer.reset(step.grads, s)]
        elif role == "optimizer":
            made = [*held.get(k, []), s, *([writer.reset(step.grads, None)] if step.init else [])]
        elif role == "loop":
            made = [*p.hoisted.pop(k, []), s]
        elif role not in ("drop", "scheduler"):
            made = [s]
        if role in ("drop", "step") and not made:
            carry += list(s.leading_lines)   # the comments of a line that goes stay
        elif made and carry:
            made[0], carry = made[0].with_changes(leading_lines=[*carry, *made[0].leading_lines]), []
        out += made
    return updated.with_changes(body=out)


def _step(p, writer, step, region, s) -> list:
    if p.info.get(step.schedule, {}).get("traced") is False and step.whole:   # the schedule runs on the host
        step.whole = False
        step.args.remove(step.optimizer)
    grads = step.accumulate or step.grads
    made = None
    if step.args is not None:
        made = writer.jit_step(step.jit if step.whole else step.grads_fn, step.fn,
                               step.model, step.loss, step.aux, region, s.leading_lines,
                               step.optimizer if step.whole else None, step.args, grads)
    if made is not None:
        p.hoisted.setdefault(step.loop, []).append(made[0])
        out = [made[1]]
    else:   # the target does not compile this step: written in place
        step.args = None
        out = writer.train_step(step.fn, step.model, step.loss, step.aux, region, s.leading_lines, grads)
    return [*out, writer.accumulate(step.grads, step.accumulate)] if step.accumulate else out


REWRITTEN = ("drop", "backward", "step", "zero")   # statements whose calls are not translated one by one


def start(t, fn: cst.FunctionDef) -> None:
    mode_calls.flag(t, fn)
    try:
        t.train = plan(t, fn)
    except Unsupported as e:
        t.train = None
        t.flag(fn, f"{e}; the loop is left as it is")
    t.ctx.training = t.train.info if t.train is not None else {}


def finish(t, updated: cst.FunctionDef) -> cst.FunctionDef:
    t.train, t.ctx.training = None, {}
    names = getattr(t.src.skeleton, "TRAIN_LOOP", None)
    writer = getattr(t.dst.skeleton, "TRAIN_WRITER", None)
    if names is None or writer is None:
        return updated
    return updated.visit(_StateDicts(names, writer)).visit(mode_calls.Drop(names, writer))


class _StateDicts(cst.CSTTransformer):
    """`model.state_dict()` and `model.load_state_dict(s)` as the target writes them."""

    def __init__(self, names, writer):
        super().__init__()
        self.names, self.writer = names, writer

    def leave_Call(self, original, updated):
        f = updated.func
        if not (isinstance(f, cst.Attribute) and isinstance(f.value, cst.Name)):
            return updated
        if f.attr.value == self.names["state_dict"] and not updated.args:
            return cst.parse_expression(self.writer.STATE_DICT.format(model=f.value.value))
        if f.attr.value == self.names["load_state_dict"] and len(updated.args) == 1 and updated.args[0].keyword is None:
            return cst.parse_expression(self.writer.LOAD_STATE_DICT.format(
                model=f.value.value, state=code(updated.args[0].value)))
        return updated
