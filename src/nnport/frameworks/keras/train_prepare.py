"""Keras training code -> the plain form of a training loop (frameworks/train_plain.py), which the
readers of keras/reading/training.py read. Module-level functions only:

    optimizer = keras.optimizers.Adam(learning_rate=schedule)   optimizer = keras.optimizers.Adam(model.parameters(), learning_rate=2e-3, _nnport_scheduled=True)
                                                                schedule = keras.optimizers.schedules.ExponentialDecay(optimizer, 2e-3, ...)
    loss_fn = keras.losses.MeanSquaredError()                   (its calls: keras.losses.MeanSquaredError(y, pred))
    with tf.GradientTape() as tape:                             optimizer.zero_grad()
        loss = loss_fn(y, model(x, training=True))      ->      loss = keras.losses.MeanSquaredError(y, model(x))
    grads = tape.gradient(loss, model.trainable_variables)      loss.backward()
    grads, _ = tf.clip_by_global_norm(grads, 1.0)               tf.clip_by_global_norm(model.parameters(), 1.0)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))   optimizer.step(); schedule.step()

`model.compile(optimizer=..., loss=...)` + `history = model.fit(x, y, batch_size, epochs, shuffle=False)`
-> the optimizer and a loop over epochs and batches of the arrays (in order, the last one partial as
fit's), `history["loss"]` the mean loss of each epoch weighted by batch size, as Keras logs it
(`history.history["loss"]` -> `history["loss"]`). What does not fit stays as it is, with a diagnostic.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks import train_plain as tp
from nnport.frameworks.keras.source_skeleton import canonical_import
from nnport.frameworks.spec import code, literal

OPT, SCHED, LOSS = "keras.optimizers.", "keras.optimizers.schedules.", "keras.losses."
SCHEDULES = {SCHED + "ExponentialDecay": tp.Schedule("initial_learning_rate"),
             SCHED + "CosineDecay": tp.Schedule("initial_learning_rate"),
             SCHED + "PiecewiseConstantDecay": tp.Schedule("values", 1, item=True)}
LR = ("learning_rate", 0)
TAPE = "tensorflow.GradientTape"
FIT_DEFAULTS = {"batch_size": 32, "epochs": 1, "shuffle": True, "verbose": "auto"}
FIT_ARGS = ("x", "y", "batch_size", "epochs", "verbose", "callbacks", "validation_split", "validation_data",
            "shuffle")


def rewrite(module: cst.Module, aliases: dict, code_text: str, filename: str, diags: list) -> cst.Module:
    body = []
    for s in module.body:
        if isinstance(s, cst.FunctionDef) and _has_training(s, aliases):
            try:
                s = _Function(aliases).rewrite(s)
            except tp.Refused as e:
                tp.refused(diags, code_text, s.name.value, e, filename)
        body.append(s)
    return module.with_changes(body=body)


def _q(node, aliases):
    return tp.qname(node, aliases, canonical_import)


def _has_training(fn, aliases) -> bool:
    def builds(call):
        q = _q(call.func, aliases) or ""
        return q.startswith(OPT) and not q.startswith(SCHED)
    return tp.has_call(fn, builds)


class _Function:
    def __init__(self, aliases):
        self.aliases = aliases
        self.losses: dict[str, cst.Call] = {}       # loss object name -> its construction
        self.schedules: dict[str, cst.Call] = {}
        self.optimizers: list[str] = []
        self.model = None
        self.history: set[str] = set()

    def rewrite(self, fn: cst.FunctionDef) -> cst.FunctionDef:
        self.taken = tp.names_in(fn)
        self.model = self._model(fn)
        body = tp.rebuild_blocks(list(fn.body.body), self._statement)
        fn = fn.with_changes(body=fn.body.with_changes(body=body))
        return fn.visit(_Calls(self))

    def _model(self, fn) -> str:
        found = set()

        class V(cst.CSTVisitor):
            def visit_Attribute(self, node):
                if node.attr.value == "trainable_variables" and isinstance(node.value, cst.Name):
                    found.add(node.value.value)

            def visit_Call(self, node):
                m = tp.method_call(node, "compile")
                if m is not None:
                    found.add(m[0])
        fn.visit(V())
        if len(found) != 1:
            raise tp.Refused("one model (model.trainable_variables or model.compile) per function expected")
        return found.pop()

    def _statement(self, s) -> list:
        bound = tp.assigned_call(s)
        q = _q(bound[1].func, self.aliases) if bound else None
        if q in SCHEDULES:
            self.schedules[bound[0]] = bound[1]
            return []                                   # written after its optimizer
        if q is not None and q.startswith(LOSS):
            self.losses[bound[0]] = bound[1]
            return []                                   # its calls become keras.losses.X(y_true, y_pred, ...)
        if q is not None and q.startswith(OPT):
            return self._optimizer(bound[0], bound[1], s)
        if isinstance(s, cst.With) and len(s.items) == 1 and isinstance(s.items[0].item, cst.Call) and \
                _q(s.items[0].item.func, self.aliases) == TAPE:
            return [tp.stmt(f"{self._opt()}.zero_grad()").with_changes(leading_lines=s.leading_lines),
                    *s.body.body]
        call = bound[1] if bound else tp.expr_call(s)
        if call is not None and tp.method_call(call, "gradient") and call.args:
            return [tp.stmt(f"{code(call.args[0].value)}.backward()").with_changes(leading_lines=s.leading_lines)]
        if call is not None and tp.method_call(call, "apply_gradients"):
            out = [tp.stmt(f"{self._opt()}.step()").with_changes(leading_lines=s.leading_lines)]
            return out + [tp.stmt(f"{n}.step()") for n in self._scheduled]
        clip = self._clip(s)
        if clip is not None:
            return [clip]
        if call is not None and tp.method_call(call, "compile"):
            return self._compile(call, s)
        fit = tp.method_call(call, "fit") if call is not None else None
        if fit is not None:
            if bound:
                self.history.add(bound[0])
            return self._fit(call, bound[0] if bound else None, s)
        return [s]

    _scheduled: list = []

    def _opt(self) -> str:
        if len(self.optimizers) != 1:
            raise tp.Refused("one optimizer per function expected")
        return self.optimizers[0]

    def _optimizer(self, name, call, s) -> list:
        new, sched = tp.optimizer(call, self.model, LR, SCHEDULES, self.schedules, self.aliases, canonical_import)
        self.optimizers.append(name)
        out = [s.with_changes(body=[s.body[0].with_changes(value=new)])]
        self._scheduled = []
        if sched is not None:
            sname = next((n for n, c in self.schedules.items() if c is sched), None) or \
                tp.fresh("scheduler", self.taken)
            out.append(tp.stmt(f"{sname} = {code(tp.on_optimizer(sched, name))}"))
            self._scheduled = [sname]
        return out

    def _clip(self, s):
        """`grads, _ = tf.clip_by_global_norm(grads, c)` -> `tf.clip_by_global_norm(model.parameters(), c)`."""
        sm = tp.small(s)
        if isinstance(sm, cst.Assign) and isinstance(sm.value, cst.Call) and \
                _q(sm.value.func, self.aliases) == "tensorflow.clip_by_global_norm":
            rest = ", ".join(code(a) for a in sm.value.args[1:])
            return tp.stmt(f"{code(sm.value.func)}({self.model}.parameters(), {rest})").with_changes(
                leading_lines=s.leading_lines)
        return None

    def _compile(self, call, s) -> list:
        opt, loss = tp.arg(call, "optimizer", 0), tp.arg(call, "loss", 1)
        if opt is None or not isinstance(opt.value, cst.Call) or loss is None:
            raise tp.Refused("model.compile(optimizer=keras.optimizers.X(...), loss=...) expected")
        if any(a.keyword is not None and a.keyword.value not in ("optimizer", "loss", "metrics") for a in call.args):
            raise tp.Refused("model.compile: only optimizer=, loss= (and metrics=, not translated) are read")
        name = tp.fresh("optimizer", self.taken)
        out = self._optimizer(name, opt.value, tp.stmt(f"{name} = f()").with_changes(leading_lines=s.leading_lines))
        self.fit_loss = self._loss_of(loss.value)
        return out

    def _loss_of(self, node) -> cst.Call:
        if isinstance(node, cst.Name) and node.value in self.losses:
            return self.losses[node.value]
        if isinstance(node, cst.SimpleString):
            from nnport.frameworks.keras.reading.training import LOSS_NAMES
            name = LOSS_NAMES.get(literal(node))
            if name is None:
                raise tp.Refused(f"compile(loss={code(node)}): not a loss name read here")
            return cst.parse_expression(f"keras.losses.{name}()")
        if isinstance(node, cst.Call) and (_q(node.func, self.aliases) or "").startswith(LOSS):
            return node
        raise tp.Refused(f"compile(loss={code(node)}): a keras.losses object or name expected")

    def _fit(self, call, history, s) -> list:
        given = {}
        for i, a in enumerate(call.args):
            key = a.keyword.value if a.keyword is not None else FIT_ARGS[i]
            given[key] = a.value
        for key in given:
            if key not in ("x", "y", "batch_size", "epochs", "verbose", "shuffle"):
                raise tp.Refused(f"model.fit({key}=...) is not translated")
        if literal(given.get("shuffle", cst.Name("True"))) is not False:
            raise tp.Refused("model.fit shuffles by default: shuffle=False is translated (the order of the batches)")
        if not hasattr(self, "fit_loss"):
            raise tp.Refused("model.fit without model.compile in the same function")
        x, y = code(given["x"]), code(given["y"])
        bs = code(given.get("batch_size", cst.Integer("32")))
        epochs = code(given.get("epochs", cst.Integer("1")))
        n = {k: tp.fresh(k, self.taken) for k in ("epoch", "total", "start", "x_batch", "y_batch", "loss")}
        h = history or tp.fresh("history", self.taken)
        loss = self.fit_loss
        loss_call = loss.with_changes(args=tp._commas([cst.Arg(cst.Name(n["y_batch"])), cst.Arg(
            cst.parse_expression(f"{self.model}({n['x_batch']})")), *loss.args]))
        text = (f"for {n['epoch']} in range({epochs}):\n"
                f"    {n['total']} = 0.0\n"
                f"    for {n['start']} in range(0, len({x}), {bs}):\n"
                f"        {n['x_batch']}, {n['y_batch']} = {x}[{n['start']}:{n['start']} + {bs}], "
                f"{y}[{n['start']}:{n['start']} + {bs}]\n"
                f"        {self._opt()}.zero_grad()\n"
                f"        {n['loss']} = {code(loss_call)}\n"
                f"        {n['loss']}.backward()\n"
                f"        {self._opt()}.step()\n"
                + "".join(f"        {sn}.step()\n" for sn in self._scheduled) +
                f"        {n['total']} += float({n['loss']}) * len({n['x_batch']})\n"
                f"    {h}[\"loss\"].append({n['total']} / len({x}))\n")
        return [tp.stmt(f"{h} = {{\"loss\": []}}").with_changes(leading_lines=s.leading_lines), tp.stmt(text)]


class _Calls(cst.CSTTransformer):
    """Calls of loss objects -> one call `keras.losses.X(y_true, y_pred, <constructor arguments>)`;
    `model(x, training=True)` -> `model(x)`; `history.history` -> `history`."""

    def __init__(self, f: _Function):
        super().__init__()
        self.f = f

    def leave_Call(self, original, updated):
        func = updated.func
        if isinstance(func, cst.Name) and func.value in self.f.losses:
            made = self.f.losses[func.value]
            return made.with_changes(args=tp._commas([*updated.args, *made.args]))
        if isinstance(func, cst.Name) and func.value == self.f.model:
            flag = [a for a in updated.args if a.keyword is not None and a.keyword.value == "training"]
            if flag and code(flag[0].value) != "True":
                raise tp.Refused(f"{code(updated)}: a call in inference mode inside the training function "
                                 "(model.eval() around it) is not translated")
            return updated.with_changes(args=tp._commas([a for a in updated.args if a not in flag]))
        return updated

    def leave_Attribute(self, original, updated):
        if updated.attr.value == "history" and isinstance(updated.value, cst.Name) and \
                updated.value.value in self.f.history:
            return updated.value
        return updated
