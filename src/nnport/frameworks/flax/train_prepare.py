"""Flax NNX training code -> the plain form of a training loop (frameworks/train_plain.py), which
the readers of flax/reading/training.py read. Module-level functions:

    tx = optax.chain(optax.clip_by_global_norm(1.0), optax.adam(schedule))
    optimizer = nnx.Optimizer(model, tx, wrt=nnx.Param)  ->  optimizer = optax.adam(model.parameters(), <base lr>, _nnport_scheduled=True)
                                                             schedule = optax.exponential_decay(optimizer, ...)
    loss, grads = nnx.value_and_grad(loss_fn)(model)     ->  optimizer.zero_grad(); loss = loss_fn(model); loss.backward()
    optimizer.update(model, grads)                       ->  optax.clip_by_global_norm(model.parameters(), 1.0)
                                                             optimizer.step(); schedule.step()

The loss function stays a function of the model. A train step of its own (`@nnx.jit def
train_step(model, optimizer, ...)`: the decorator dropped) takes the optimizer by its name; its
schedule steps after each call of the train step in the function that builds the optimizer.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks import train_plain as tp
from nnport.frameworks.flax.reading.training import SCHEDULE_BASE
from nnport.frameworks.flax.source_skeleton import canonical_import
from nnport.frameworks.spec import code

OPTIMIZER = "flax.nnx.Optimizer"
GRADS = ("flax.nnx.value_and_grad", "flax.nnx.grad")
JIT = ("flax.nnx.jit", "jax.jit")
CLIPS = ("optax.clip_by_global_norm", "optax.clip")
SCHEDULES = {k: tp.Schedule(*v) for k, v in SCHEDULE_BASE.items()}
LR = ("learning_rate", 0)


def _q(node, aliases):
    return tp.qname(node, aliases, canonical_import)


def rewrite(module: cst.Module, aliases: dict, text: str, filename: str, diags: list) -> cst.Module:
    fns = [s for s in module.body if isinstance(s, cst.FunctionDef)]
    steps = {f.name.value for f in fns if _updates(f)}    # functions that update an optimizer
    if not steps and not any(_builds(f, aliases) for f in fns):
        return module
    built: dict[str, tuple[list, list]] = {}                # optimizer name -> (clip calls, schedule names)
    out = {}
    for f in sorted(fns, key=lambda f: not _builds(f, aliases)):   # builders first: their optimizers' chains
        try:
            out[id(f)] = _Function(aliases, built, steps).rewrite(f)
        except tp.Refused as e:
            tp.refused(diags, text, f.name.value, e, filename)
    return module.with_changes(body=[out.get(id(s), s) for s in module.body])


def _updates(f) -> bool:
    return tp.has_call(f, lambda call: tp.method_call(call, "update") is not None and len(call.args) == 2)


def _builds(f, aliases) -> bool:
    return tp.has_call(f, lambda call: _q(call.func, aliases) == OPTIMIZER)


class _Function:
    def __init__(self, aliases, built, steps):
        self.aliases, self.built, self.steps = aliases, built, steps
        self.bound: dict[str, cst.Call] = {}     # names bound to optax calls (transformations, schedules)
        self.scheduled: list[str] = []           # schedules of the optimizers built here

    def rewrite(self, f: cst.FunctionDef) -> cst.FunctionDef:
        self.taken = tp.names_in(f)
        updates = set()

        class V(cst.CSTVisitor):
            def visit_Call(self, node):
                m = tp.method_call(node, "update")
                if m is not None and len(node.args) == 2:
                    updates.add(m[0])
        f.visit(V())
        self.next_update = updates.pop() if len(updates) == 1 else None
        decorators = [d for d in f.decorators if _q(d.decorator, self.aliases) not in JIT]
        self.stepped = 0
        body = tp.rebuild_blocks(list(f.body.body), self._statement)
        if self.scheduled and not self.stepped:
            raise tp.Refused(f"the schedule {', '.join(self.scheduled)} steps with its optimizer's updates, which "
                             "happen where scheduler.step() cannot follow them")
        return f.with_changes(decorators=decorators, body=f.body.with_changes(body=body))

    def _statement(self, s) -> list:
        bound = tp.assigned_call(s)
        q = _q(bound[1].func, self.aliases) if bound else None
        if q is not None and q.startswith("optax.") and q not in _LOSSES:
            self.bound[bound[0]] = bound[1]
            return []                                  # read into the optimizer that uses it
        if q == OPTIMIZER:
            return self._optimizer(bound[0], bound[1], s)
        grads = self._grads(s)
        if grads is not None:
            return grads
        call = tp.expr_call(s)
        update = tp.method_call(call, "update") if call is not None else None
        if update is not None and len(call.args) == 2:
            return self._update(update[0], code(call.args[0].value), s)
        if tp.small(s) is not None and _calls(s, self.steps):   # a train step of its own, called here
            self.stepped += bool(self.scheduled)
            return [s, *(tp.stmt(f"{n}.step()") for n in self.scheduled)]
        return [s]

    def _tx(self, node) -> tuple[cst.Call, list]:
        """(the optimizer of the chain, the clip calls before it)."""
        if isinstance(node, cst.Name) and node.value in self.bound:
            node = self.bound[node.value]
        if not isinstance(node, cst.Call):
            raise tp.Refused(f"nnx.Optimizer: its transformation {code(node)} is not an optax call here")
        if _q(node.func, self.aliases) != "optax.chain":
            return node, []
        parts = [self._tx(a.value) for a in node.args]
        opt = [p for p, _ in parts if _q(p.func, self.aliases) not in CLIPS]
        clips = [p for p, _ in parts if _q(p.func, self.aliases) in CLIPS]
        if len(opt) != 1 or parts[-1][0] is not opt[0]:
            raise tp.Refused("optax.chain: clipping transformations, then one optimizer, are translated")
        return opt[0], clips

    def _optimizer(self, name, call, s) -> list:
        if len(call.args) < 2 or not isinstance(call.args[0].value, cst.Name):
            raise tp.Refused("nnx.Optimizer(model, tx, wrt=nnx.Param) expected")
        wrt = tp.arg(call, "wrt", 2)
        if wrt is not None and _q(wrt.value, self.aliases) != "flax.nnx.Param":
            raise tp.Refused(f"nnx.Optimizer(wrt={code(wrt.value)}): only nnx.Param is translated")
        model = call.args[0].value.value
        opt, clips = self._tx(call.args[1].value)
        new, sched = tp.optimizer(opt, model, LR, SCHEDULES, self.bound, self.aliases, canonical_import)
        out = [s.with_changes(body=[s.body[0].with_changes(value=new)])]
        names = []
        if sched is not None:
            sname = next((n for n, c in self.bound.items() if c is sched), None) or tp.fresh("scheduler", self.taken)
            out.append(tp.stmt(f"{sname} = {code(tp.on_optimizer(sched, name))}"))
            names.append(sname)
        self.built[name] = ([c.with_changes(args=tp._commas([cst.Arg(cst.parse_expression(
            f"{model}.parameters()")), *c.args])) for c in clips], names)
        self.scheduled += names
        return out

    def _grads(self, s):
        """`loss, grads = nnx.value_and_grad(f[, has_aux=True])(model)` -> zero_grad, the loss, backward."""
        sm = tp.small(s)
        if not (isinstance(sm, cst.Assign) and isinstance(sm.value, cst.Call) and isinstance(sm.value.func, cst.Call)):
            return None
        inner = sm.value.func
        if _q(inner.func, self.aliases) not in GRADS:
            return None
        if _q(inner.func, self.aliases) != "flax.nnx.value_and_grad":
            raise tp.Refused("nnx.grad without the loss value: nnx.value_and_grad is translated")
        target = sm.targets[0].target
        if not (isinstance(target, cst.Tuple) and len(target.elements) == 2):
            raise tp.Refused("(loss, grads) = nnx.value_and_grad(...)(model) expected")
        has_aux = tp.arg(inner, "has_aux", None)
        if any(a.keyword is not None and a.keyword.value not in ("has_aux",) for a in inner.args):
            raise tp.Refused("nnx.value_and_grad: only has_aux= is translated")
        value = target.elements[0].value
        loss = value.elements[0].value if has_aux is not None and code(has_aux.value) == "True" and \
            isinstance(value, cst.Tuple) else value
        self.grads_of = code(target.elements[1].value)
        opt = self._pending_optimizer(s)
        lhs = code(value).strip("()") if isinstance(value, cst.Tuple) else code(value)
        fn = code(inner.args[0].value)
        args = ", ".join(code(a.value) for a in sm.value.args)
        return [tp.stmt(f"{opt}.zero_grad()").with_changes(leading_lines=s.leading_lines),
                tp.stmt(f"{lhs} = {fn}({args})"), tp.stmt(f"{code(loss)}.backward()")]

    def _pending_optimizer(self, s) -> str:
        if self.next_update is None:
            raise tp.Refused("nnx.value_and_grad: one optimizer.update(model, grads) in the function expected")
        return self.next_update

    def _update(self, opt, model, s) -> list:
        clips, scheds = self.built.get(opt, ([], []))
        if opt not in self.built and len(self.built) == 1:   # a train step's own name for the optimizer
            clips, _ = next(iter(self.built.values()))
        out = [tp.stmt(code(c)) for c in clips]
        out.append(tp.stmt(f"{opt}.step()"))
        here = [n for n in scheds if n in self.scheduled]   # in scope here
        self.stepped += bool(here)
        out += [tp.stmt(f"{n}.step()") for n in here]
        out[0] = out[0].with_changes(leading_lines=s.leading_lines)
        return out


def _calls(node, names: set[str]) -> bool:
    """`node` calls one of the functions `names` (anywhere in it: `losses.append(float(step(...)))`)."""
    found = []

    class V(cst.CSTVisitor):
        def visit_Call(self, call):
            if isinstance(call.func, cst.Name) and call.func.value in names:
                found.append(call)
    node.visit(V())
    return bool(found)


_LOSSES = ("optax.softmax_cross_entropy_with_integer_labels", "optax.sigmoid_binary_cross_entropy",
           "optax.squared_error")
