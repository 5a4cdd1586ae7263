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

The statements between zero_grad() (or the start of the block) and backward() compute the loss: they
become a function of the model; the values they bind that are read elsewhere come back as its aux.
Clipping goes first in the optimizer's chain, the schedule in place of its learning rate (read
through the count of updates; once per pass over `loader` when the scheduler steps after the inner
loop). What does not fit (two backward passes, no zero_grad: accumulated gradients...) is left as it
is with a diagnostic."""
from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from nnport.frameworks.spec import Unsupported, code
from nnport.pivot import training as ops
from nnport.translate import reading


@dataclass
class Plan:
    roles: dict[int, str] = field(default_factory=dict)   # original statement id -> role
    info: dict[int, dict] = field(default_factory=dict)   # original call id -> what emitters need
    model: str = ""
    loss: str = ""
    optimizer: str = ""
    aux: list[str] = field(default_factory=list)
    fn: str = "compute_loss"
    grads: str = "grads"
    extra: dict[str, str] = field(default_factory=dict)   # the writer's FRESH_NAMES, made unique
    step: dict = field(default_factory=dict)   # the optimizer call's info (its emitter may add to it)


@dataclass
class _Line:
    stmt: cst.CSTNode
    block: list           # the statements of the block it is in
    parents: tuple        # enclosing compound statements, outermost first


def _walk(body, parents=()) -> list[_Line]:
    out = []
    for s in body:
        out.append(_Line(s, body, parents))
        for block in _blocks(s):
            out += _walk(list(block), (*parents, s))
    return out


def _blocks(s) -> list:
    """The statement sequences of a compound statement (an `elif` is a statement of its `else`)."""
    if not isinstance(s, (cst.For, cst.While, cst.If, cst.With, cst.Try)):
        return []
    parts = [s.body, getattr(s, "orelse", None), getattr(s, "finalbody", None),
             *(h.body for h in getattr(s, "handlers", ()))]
    out = []
    for part in parts:
        if isinstance(part, cst.If):
            out.append([part])
        elif isinstance(part, (cst.Else, cst.Finally)):
            out.append(part.body.body)
        elif isinstance(part, cst.IndentedBlock):
            out.append(part.body)
    return out


def _small(s):
    return s.body[0] if isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1 else None


def _entry(t, call):
    for name in sorted(t.qnames(call.func)):
        e = t.src.functions.get(name)
        if e is not None:
            return e
    return None


def _method(s):
    """`name.method(args)` as a statement -> (name, method, call)."""
    small = _small(s)
    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
        f = small.value.func
        if isinstance(f, cst.Attribute) and isinstance(f.value, cst.Name):
            return f.value.value, f.attr.value, small.value
    return None


def plan(t, fn: cst.FunctionDef) -> Plan | None:
    """The plan of a module-level function with an optimisation loop; None when it has no optimizer.
    Raises Unsupported (why) when it has one but the loop does not fit."""
    names = getattr(t.src.skeleton, "TRAIN_LOOP", None)
    if names is None or getattr(t.dst.skeleton, "TRAIN_WRITER", None) is None:
        return None
    lines = _walk(list(fn.body.body))
    optimizers, schedules, found = {}, {}, {}
    for ln in lines:
        small = _small(ln.stmt)
        if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name) \
                and isinstance(small.value, cst.Call):
            e = _entry(t, small.value)
            if e is not None and ops.is_optimizer(e.op):
                optimizers[small.targets[0].target.value] = (ln, small.value, e)
            elif e is not None and ops.is_schedule(e.op):
                schedules[small.targets[0].target.value] = (ln, small.value, e)
            continue
        m = _method(ln.stmt)
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
    p = Plan()
    if len(optimizers) != 1:
        raise Unsupported("training loop: one optimizer per function is translated (GANs: one function each)")
    (p.optimizer, (oln, ocall, oentry)), = optimizers.items()
    steps, back = found.get(names["step"], []), found.get("backward", [])
    if len(steps) != 1 or len(back) != 1:
        raise Unsupported(f"training loop: one {names['backward']}() and one {p.optimizer}.{names['step']}() expected")
    (sln, _), (bln, (loss, _, bcall)) = steps[0], back[0]
    if sln.block is not bln.block or bln.block.index(bln.stmt) > sln.block.index(sln.stmt) or bcall.args:
        raise Unsupported(f"training loop: {loss}.{names['backward']}() then {p.optimizer}.{names['step']}() "
                          "in the same block expected")
    block = bln.block
    zero = [z for z, _ in found.get(names["zero_grad"], []) if z.block is block]
    if not zero:
        raise Unsupported(f"training loop: no {p.optimizer}.{names['zero_grad']}() in the loop (gradients "
                          "accumulated over several backward passes are not translated)")
    canon = reading.read(oentry, list(ocall.args), t.ctx)
    p.model = _model(canon, names)
    b, z = block.index(bln.stmt), block.index(zero[0].stmt)
    region = _region(block, b, z, loss)
    if region is None:
        raise Unsupported(f"training loop: {loss} is not computed in the loop before {names['backward']}()")
    p.loss = loss
    bound = _bound(region)
    p.roles.update({id(s): "region" for s in region})
    p.roles.update({id(z.stmt): "drop" for z in zero})
    p.roles[id(bln.stmt)], p.roles[id(sln.stmt)] = "backward", "step"
    others = {id(s) for s in region} | {id(bln.stmt)}
    p.aux = sorted(n for n in bound - {loss} if n in _read_outside(fn, others))
    taken = _all_names(fn)
    while p.fn in taken:
        p.fn += "_"
    while p.grads in taken:
        p.grads += "_"
    for name in getattr(t.dst.skeleton.TRAIN_WRITER, "FRESH_NAMES", ()):
        p.extra[name] = name
        while p.extra[name] in taken:
            p.extra[name] += "_"
    info = p.step = {"clip": [], "model": p.model}
    for ln, call, e in found.get("clip", []):
        if ln.block is not block:
            raise Unsupported("training loop: gradient clipping outside the loop body")
        info["clip"].append(code(_write(t, e, call, {"grads": p.grads, "model": p.model})))
        p.roles[id(ln.stmt)] = "drop"
    _schedules(t, p, info, schedules, found, sln, oln, canon)
    p.info[id(ocall)] = info
    p.roles[id(oln.stmt)] = "optimizer"
    return p


def _region(block: list, b: int, z: int, loss: str) -> list | None:
    """The statements that compute `loss` (block[b] is its backward, block[z] the zero_grad): from the
    first one the loss depends on (after zero_grad where the loss is computed after it) to backward."""
    binds = [i for i in range(b) if loss in _bound([block[i]])]
    if not binds:
        return None
    last = binds[-1]
    low = z + 1 if z < last else 0
    needed, first = _read([block[last]]), last
    for i in range(last - 1, low - 1, -1):
        if i != z and _bound([block[i]]) & needed:
            needed |= _read([block[i]])
            first = i
    return [s for i, s in enumerate(block[first:b], first) if i != z]


def _read(stmts) -> set[str]:
    v = _Names()
    for s in stmts:
        s.visit(v)
    return v.names


def _model(canon, names) -> str:
    params = canon.get("params")
    if isinstance(params, cst.Call) and isinstance(params.func, cst.Attribute) and \
            params.func.attr.value == names["parameters"] and isinstance(params.func.value, cst.Name):
        return params.func.value.value
    raise Unsupported("training loop: the optimizer's parameters must be `model.parameters()`")


def _write(t, entry, call, info: dict) -> cst.BaseExpression:
    """A call written now (clipping), its emitter given `info` as its plan."""
    c = reading.read(entry, list(call.args), t.ctx)
    target = reading.target_entry(t.dst.functions, c.op, entry.api, c)
    saved, t.ctx.node = t.ctx.node, call
    plans, t.ctx.training = getattr(t.ctx, "training", {}), {id(call): info}
    try:
        return reading.write(target, c, t.ctx)
    finally:
        t.ctx.node, t.ctx.training = saved, plans


def _schedules(t, p, info, schedules, found, sln, oln, canon) -> None:
    steps = found.get("sched_step", [])
    if len(schedules) > 1:
        raise Unsupported("training loop: one learning-rate scheduler is translated")
    for name, (ln, call, e) in schedules.items():
        mine = [s for s, (n, *_) in steps if n == name]
        if len(mine) != 1:
            raise Unsupported(f"training loop: {name}.step() once in the loop expected")
        if ln.block is not oln.block:
            raise Unsupported(f"training loop: {name} built away from the optimizer it schedules")
        info["schedule"] = name
        info["per"] = _per(mine[0], sln)
        p.info[id(call)] = {"lr": code(canon.get("lr"))}
        p.roles[id(mine[0].stmt)] = "drop"
        p.roles[id(ln.stmt)] = "scheduler"


def _per(step, opt_step) -> str | None:
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


class _Names(cst.CSTVisitor):
    def __init__(self, skip=frozenset()):
        self.names, self.skip = set(), skip

    def on_visit(self, node) -> bool:
        if id(node) in self.skip:
            return False
        if isinstance(node, cst.Name):
            self.names.add(node.value)
        return True


def _bound(stmts) -> set[str]:
    out = set()
    for s in stmts:
        for node in _targets(s):
            v = _Names()
            node.visit(v)
            out |= v.names
    return out


def _targets(s):
    small = _small(s)
    if isinstance(small, cst.Assign):
        return [tg.target for tg in small.targets]
    if isinstance(small, (cst.AugAssign, cst.AnnAssign)):
        return [small.target]
    return []


def _read_outside(fn, skip: set[int]) -> set[str]:
    v = _Names(skip)
    fn.body.visit(v)
    return v.names


def _all_names(fn) -> set[str]:
    v = _Names()
    fn.visit(v)
    return v.names


# ---- the Translator's side: marks on the way up, the block rebuilt --------------------------------
def mark(t, original, result) -> None:
    """Remember the role of a translated statement (its result may be a new node or several)."""
    role = t.train.roles.get(id(original)) if t.train is not None else None
    if role is None:
        return
    for node in result.nodes if isinstance(result, cst.FlattenSentinel) else [result]:
        if isinstance(node, cst.CSTNode):
            t.train_marks[id(node)] = role
            t.keep.append(node)


def rebuild(t, updated: cst.IndentedBlock) -> cst.IndentedBlock:
    """The block with the loss statements made a function, backward() and step() the target's."""
    marks, p = t.train_marks, t.train
    body = list(updated.body)
    if p is None or not any(id(s) in marks for s in body):
        return updated
    writer = t.dst.skeleton.TRAIN_WRITER
    held = [s for s in body if marks.get(id(s)) == "scheduler"]
    out, region = [], []
    for s in body:
        role = marks.get(id(s))
        if role == "region":
            region.append(s)
        elif role == "backward":
            out += writer.train_step(p.fn, p.model, p.loss, p.aux, region, s.leading_lines, p.grads, **p.extra)
            region = []
        elif role == "step":
            step = writer.update(p.optimizer, p.model, s, p.grads, info=p.step, **p.extra)
            out += step if isinstance(step, list) else [step]
        elif role == "optimizer":
            out += [*held, s]
        elif role not in ("drop", "scheduler"):
            out.append(s)
    return updated.with_changes(body=out)


REWRITTEN = ("drop", "backward", "step")   # statements whose calls are not translated one by one


def start(t, fn: cst.FunctionDef) -> None:
    try:
        t.train = plan(t, fn)
    except Unsupported as e:
        t.train = None
        t.flag(fn, f"{e}; the loop is left as it is")
    t.ctx.training = t.train.info if t.train is not None else {}
    gaps = getattr(t.dst.skeleton.TRAIN_WRITER, "TRAINING_GAPS", {}) if t.train is not None else {}
    for op in sorted({e.op for e in map(t.src.layers.get, t.constructed) if e is not None} & set(gaps)):
        t.flag(fn, gaps[op])   # layers of the file the target trains differently


def finish(t, original: cst.FunctionDef, updated: cst.FunctionDef) -> cst.FunctionDef:
    p, t.train, t.ctx.training = t.train, None, {}
    names = getattr(t.src.skeleton, "TRAIN_LOOP", None)
    writer = getattr(t.dst.skeleton, "TRAIN_WRITER", None)
    if names is None or writer is None:
        return updated
    updated = updated.visit(_StateDicts(names, writer))
    if getattr(writer, "MODE_KEYWORD", None):   # a target without modes: model.train() -> training=
        from nnport.translate import train_modes
        updated = train_modes.rewrite(t, original, updated, names, writer, p.model if p is not None else None)
    return updated


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
