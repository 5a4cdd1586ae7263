"""Gluon training code -> the plain form of a training loop (frameworks/train_plain.py), which the
readers of mxnet/reading/training.py read. Module-level functions:

    loss_fn = gluon.loss.L2Loss()                          (its calls: gluon.loss.L2Loss(pred, label))
    trainer = gluon.Trainer(model.collect_params(), 'sgd',   trainer = mxnet.optimizer.SGD(model.parameters(),
        {'learning_rate': 0.1, 'lr_scheduler': sched})  ->      learning_rate=0.1, _nnport_scheduled=True)
                                                            sched = mx.lr_scheduler.FactorScheduler(trainer, ..., base_lr=0.1)
    with autograd.record():                                trainer.zero_grad()
        loss = loss_fn(model(x), y)                        loss = gluon.loss.L2Loss(model(x), y)
    loss.backward()                                        (loss.sum() / (n)).backward()
    grads = [p.grad() for p in model.collect_params().values()]
    gluon.utils.clip_global_norm(grads, c)           ->    gluon.utils.clip_global_norm(model.parameters(), (c) / (n))
    trainer.step(n)                                        trainer.step(); sched.step()

Gluon's backward of a loss per sample sums it (head gradients of ones) and `trainer.step(n)` scales the
gradients by 1 / n before the update (the clipping and the weight decay): the backward of the sum over
n is that gradient. Gluon overwrites gradients at each backward (grad_req='write'): zero_grad() before
the recorded block is the same. The schedule's base learning rate is the optimizer's (MXNet sets it).
What does not fit stays as it is, with a diagnostic.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks import train_plain as tp
from nnport.frameworks.mxnet.source_skeleton import canonical_import
from nnport.frameworks.spec import code, literal

TRAINER, RECORD, LOSS = "mxnet.gluon.Trainer", "mxnet.autograd.record", "mxnet.gluon.loss."
SCHED, OPTIMIZER, CLIP = "mxnet.lr_scheduler.", "mxnet.optimizer.", "mxnet.gluon.utils.clip_global_norm"
OPTIMIZERS = {"sgd": "SGD", "adam": "Adam"}   # Trainer's optimizer names -> mxnet.optimizer classes read


def rewrite(module: cst.Module, aliases: dict, text: str, filename: str, diags: list) -> tuple[cst.Module, bool]:
    """(the module, whether `mxnet.` names were written)."""
    body, wrote = [], False
    for s in module.body:
        if isinstance(s, cst.FunctionDef) and _calls_trainer(s, aliases):
            try:
                s = _Function(aliases).rewrite(s)
                wrote = True
            except tp.Refused as e:
                tp.refused(diags, text, s.name.value, e, filename)
        body.append(s)
    return module.with_changes(body=body), wrote


def _q(node, aliases):
    return tp.qname(node, aliases, canonical_import)


def _calls_trainer(fn, aliases) -> bool:
    return tp.has_call(fn, lambda call: _q(call.func, aliases) == TRAINER)


class _Function:
    def __init__(self, aliases):
        self.aliases = aliases
        self.losses: dict[str, cst.Call] = {}       # loss object name -> its construction
        self.trainers: dict[str, list[str]] = {}    # trainer name -> its schedules' names
        self.bound: dict[str, cst.Call] = {}        # names bound to mx.lr_scheduler / mx.optimizer calls
        self.grads: dict[str, str] = {}             # `grads = [p.grad() for p in m.collect_params().values()]`: m

    def rewrite(self, fn: cst.FunctionDef) -> cst.FunctionDef:
        self.taken = tp.names_in(fn)
        self.batch = self._batch_size(fn)
        body = tp.rebuild_blocks(list(fn.body.body), self._statement)
        return fn.with_changes(body=fn.body.with_changes(body=body))

    def _batch_size(self, fn) -> str:
        """The n of `trainer.step(n)` (a trainer: a name bound to gluon.Trainer(...))."""
        sizes, trainers, aliases = set(), set(), self.aliases

        class V(cst.CSTVisitor):
            def visit_Assign(self, node):
                if isinstance(node.value, cst.Call) and _q(node.value.func, aliases) == TRAINER:
                    trainers.update(t.target.value for t in node.targets if isinstance(t.target, cst.Name))

            def visit_Call(self, node):
                m = tp.method_call(node, "step")
                if m is not None and m[0] in trainers and node.args:
                    sizes.add(code(node.args[0].value))
        fn.visit(V())
        if len(sizes) != 1:
            raise tp.Refused("one trainer.step(batch_size) in the function expected")
        return sizes.pop()

    def _statement(self, s) -> list:
        bound = tp.assigned_call(s)
        q = _q(bound[1].func, self.aliases) if bound else None
        if q is not None and q.startswith(LOSS):
            self.losses[bound[0]] = bound[1]
            return []                                 # its calls become calls of the loss function
        if q is not None and q.startswith((SCHED, OPTIMIZER)):
            self.bound[bound[0]] = bound[1]
            return []                                 # read into the trainer that uses it
        if q == TRAINER:
            return self._trainer(bound[0], bound[1], s)
        grads = _grads_of(s)
        if grads is not None:
            self.grads[grads[0]] = grads[1]
            return []                                 # read into the clipping that uses it
        clip = tp.expr_call(s)
        if clip is not None and _q(clip.func, self.aliases) == CLIP:
            return [self._clip(clip, s)]
        if isinstance(s, cst.With) and len(s.items) == 1 and isinstance(s.items[0].item, cst.Call) and \
                _q(s.items[0].item.func, self.aliases) == RECORD and s.items[0].asname is None:
            return [tp.stmt(f"{self._trainer_name()}.zero_grad()").with_changes(leading_lines=s.leading_lines),
                    *(self._losses(b) for b in s.body.body)]
        call = tp.expr_call(s)
        backward = tp.method_call(call, "backward") if call is not None and not call.args else None
        if backward is not None:
            return [tp.stmt(f"({backward[0]}.sum() / ({self.batch})).backward()").with_changes(
                leading_lines=s.leading_lines)]
        step = tp.method_call(call, "step") if call is not None else None
        if step is not None and step[0] in self.trainers:
            if len(call.args) > 1:
                raise tp.Refused("trainer.step(batch_size, ignore_stale_grad=...) is not translated")
            return [tp.stmt(f"{step[0]}.step()").with_changes(leading_lines=s.leading_lines),
                    *(tp.stmt(f"{n}.step()") for n in self.trainers[step[0]])]
        return [self._losses(s)]

    def _clip(self, call, s):
        """clip_global_norm(grads, max_norm) clips the gradients trainer.step(n) divides by n later: the
        gradients of the loss over n by max_norm / n."""
        arrays, norm = tp.arg(call, "arrays", 0), tp.arg(call, "max_norm", 1)
        if arrays is None or norm is None or not isinstance(arrays.value, cst.Name) or \
                arrays.value.value not in self.grads:
            raise tp.Refused("gluon.utils.clip_global_norm(grads, max_norm) of grads = [p.grad() for p in "
                             "model.collect_params().values()] expected")
        rest = [code(a.with_changes(comma=cst.MaybeSentinel.DEFAULT)) for a in call.args if a not in (arrays, norm)]
        args = [f"{self.grads[arrays.value.value]}.parameters()", f"({code(norm.value)}) / ({self.batch})", *rest]
        return tp.stmt(f"{code(call.func)}({', '.join(args)})").with_changes(leading_lines=s.leading_lines)

    def _trainer_name(self) -> str:
        if len(self.trainers) != 1:
            raise tp.Refused("autograd.record() with one gluon.Trainer in the function expected")
        return next(iter(self.trainers))

    def _losses(self, s):
        return s.visit(_LossCalls(self))

    def _trainer(self, name, call, s) -> list:
        params = tp.arg(call, "params", 0)
        v = params.value if params is not None else None
        if not (isinstance(v, cst.Call) and tp.method_call(v, "collect_params") and not v.args):
            raise tp.Refused("gluon.Trainer(model.collect_params(), ...) expected")
        model = v.func.value.value
        opt, options = tp.arg(call, "optimizer", 1), tp.arg(call, "optimizer_params", 2)
        extra = [a for a in call.args if a not in (params, opt, options)]
        if extra:
            raise tp.Refused(f"gluon.Trainer({code(extra[0])}) is not translated")
        keywords = self._options(options.value if options is not None else None)
        instance = self.bound.get(opt.value.value) if isinstance(opt.value, cst.Name) else opt.value
        if isinstance(instance, cst.Call):   # an optimizer instance: mx.optimizer.Adam(...)
            if any(a.keyword is None for a in instance.args):
                raise tp.Refused(f"{code(instance.func)}: its arguments by keyword expected")
            ctor = code(instance.func)
            keywords = [*(code(a.with_changes(comma=cst.MaybeSentinel.DEFAULT)) for a in instance.args), *keywords]
        elif isinstance(literal(opt.value), str) and literal(opt.value).lower() in OPTIMIZERS:
            ctor = f"mxnet.optimizer.{OPTIMIZERS[literal(opt.value).lower()]}"
        else:
            raise tp.Refused(f"gluon.Trainer optimizer {code(opt.value)}: {', '.join(OPTIMIZERS)} are translated")
        sched = next((k for k in keywords if k.startswith("lr_scheduler=")), None)
        keywords = [k for k in keywords if k is not sched]
        out, names = [], []
        if sched is not None:
            value = cst.parse_expression(sched.split("=", 1)[1])
            sched_call = self.bound.get(value.value) if isinstance(value, cst.Name) else value
            if not isinstance(sched_call, cst.Call):
                raise tp.Refused(f"lr_scheduler={code(value)}: an mx.lr_scheduler call expected")
            lr = next((k.split("=", 1)[1] for k in keywords if k.startswith("learning_rate=")), None)
            base = tp.arg(sched_call, "base_lr", None)
            if lr is None:   # the schedule's base_lr (MXNet's default 0.01) is the optimizer's
                lr = code(base.value) if base is not None else "0.01"
                keywords.append(f"learning_rate={lr}")
            args = [code(a.with_changes(comma=cst.MaybeSentinel.DEFAULT)) for a in sched_call.args if a is not base]
            sname = value.value if isinstance(value, cst.Name) else tp.fresh("scheduler", self.taken)
            out.append(tp.stmt(f"{sname} = {code(sched_call.func)}({', '.join([name, *args, f'base_lr={lr}'])})"))
            keywords.append(f"{tp.SCHEDULED}=True")
            names.append(sname)
        self.trainers[name] = names
        opt_line = tp.stmt(f"{name} = {ctor}({', '.join([f'{model}.parameters()', *keywords])})")
        return [opt_line.with_changes(leading_lines=s.leading_lines), *out]

    def _options(self, node) -> list[str]:
        """{'learning_rate': 0.1, ...} -> ["learning_rate=0.1", ...]."""
        if node is None:
            return []
        if not isinstance(node, cst.Dict):
            raise tp.Refused(f"gluon.Trainer optimizer_params {code(node)}: a dict written out expected")
        out = []
        for e in node.elements:
            key = literal(e.key) if isinstance(e, cst.DictElement) else None
            if not isinstance(key, str) or not key.isidentifier():
                raise tp.Refused(f"gluon.Trainer optimizer_params: {code(e)} is not a named option")
            out.append(f"{key}={code(e.value)}")
        return out


def _grads_of(s) -> tuple[str, str] | None:
    """`grads = [p.grad() for p in model.collect_params().values()]` -> ("grads", "model")."""
    sm = tp.small(s)
    if not (isinstance(sm, cst.Assign) and len(sm.targets) == 1 and isinstance(sm.targets[0].target, cst.Name)
            and isinstance(sm.value, cst.ListComp)):
        return None
    comp = sm.value
    element = comp.elt
    values = comp.for_in.iter
    if comp.for_in.inner_for_in is not None or comp.for_in.ifs or not isinstance(comp.for_in.target, cst.Name):
        return None
    p = comp.for_in.target.value
    if not (isinstance(element, cst.Call) and tp.method_call(element, "grad") and element.func.value.value == p
            and not element.args and isinstance(values, cst.Call) and isinstance(values.func, cst.Attribute)
            and values.func.attr.value == "values" and not values.args):
        return None
    params = values.func.value
    if not (isinstance(params, cst.Call) and tp.method_call(params, "collect_params") and not params.args):
        return None
    return sm.targets[0].target.value, params.func.value.value


class _LossCalls(cst.CSTTransformer):
    """`loss_fn(pred, label)` of a loss object, `gluon.loss.X(...)(pred, label)` -> `gluon.loss.X(pred,
    label, <its constructor arguments>)`."""

    def __init__(self, f: _Function):
        self.f = f

    def leave_Call(self, original, updated):
        ctor = None
        if isinstance(updated.func, cst.Name) and updated.func.value in self.f.losses:
            ctor = self.f.losses[updated.func.value]
        elif isinstance(updated.func, cst.Call) and (_q(updated.func.func, self.f.aliases) or "").startswith(LOSS):
            ctor = updated.func
        if ctor is None:
            return updated
        if any(a.keyword is None for a in ctor.args):
            raise tp.Refused(f"{code(ctor)}: its arguments by keyword expected")
        args = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in [*updated.args, *ctor.args]]
        return cst.Call(ctor.func, tp._commas(args))
