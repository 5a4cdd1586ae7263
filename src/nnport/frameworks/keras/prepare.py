"""Keras source idioms rewritten into the plain form the engine reads, before translation.

Layer sizes: a file following the corpus convention (Model, get_init_inputs, get_inputs) is run
once (sizes.py), unless NNPORT_RECORD_SHAPES=0; converting such a file therefore imports Keras.

In each module class (`keras.Model` / `keras.layers.Layer` subclasses):
- `call(self, x, training=None)`: the `training` argument becomes `self.training` (the engine
  writes the target's flag), and `training=...` passed on to sublayers is dropped (a PyTorch
  module has the flag itself);
- `build(self, input_shape)`: its body moves to the end of `__init__`, after
  `input_shape = (None, ...)` recorded from an example run where every instance agrees (sizes.py);
  otherwise `build` stays and `call` builds on first use (as Keras does), with a diagnostic;
  `self.sub.build(shape)` is dropped (sizes come from the recorded run);
- `self.add_weight(shape=..., initializer=..., trainable=...)` -> `keras.Variable(<init>(shape),
  trainable=...)` (a parameter of the target);
- `self.add_loss(v)` -> `self.aux_loss = v` (a warning: add it to the training loss by hand);
- `super().__init__(**kwargs)` -> `super().__init__()`; `get_config` (Keras serialisation) dropped;
  `tf.newaxis` -> `None`; `keras.random.SeedGenerator(seed)` -> `seed` (with a warning).
"""
from __future__ import annotations

import ast
import os

import libcst as cst
import libcst.matchers as m
from libcst.metadata import MetadataWrapper, PositionProvider

from nnport.diagnostics import Diagnostic
from nnport.frameworks.keras import source_skeleton as sk
from nnport.translate.hub import line_map as _line_map
from nnport.translate.names import collect, qualified

_SELF = m.Attribute(value=m.Name("self"), attr=m.Name())
_INITS = {"zeros": "keras.ops.zeros({shape})", "ones": "keras.ops.ones({shape})",
          "random_normal": "keras.random.normal({shape}, stddev=0.05)",
          "random_uniform": "keras.random.uniform({shape}, minval=-0.05, maxval=0.05)"}


def prepare(code: str, filename: str, target: str | None = None):
    """(code rewritten, facts for the readers: {"sizes": ...}, diagnostics)."""
    tree = ast.parse(code)
    diags: list[Diagnostic] = []
    sizes, graphs = {}, {}
    from nnport.frameworks.keras import sizes as _sizes
    if os.environ.get("NNPORT_RECORD_SHAPES", "1") == "0":   # never run the user's file
        diags.append(Diagnostic("info", 1, 1, "NNPORT_RECORD_SHAPES=0: the model is not run; lazy modules "
                                "where a size is needed", "", filename))
    elif _sizes.follows_convention(tree):
        try:
            sizes = _sizes.record(code, filename, graphs)
            diags.append(Diagnostic("info", 1, 1, "layer sizes recorded from one run of "
                                    "Model(*get_init_inputs()) on get_inputs()", "", filename))
        except Exception as e:  # noqa: BLE001 - the user's file may not run here
            diags.append(Diagnostic("warning", 1, 1, f"could not run the model to record layer sizes "
                                    f"({type(e).__name__}: {e}); lazy modules instead", "", filename))
    else:
        diags.append(Diagnostic("info", 1, 1, "no Model/get_init_inputs/get_inputs to run: layer sizes "
                                "unknown, lazy modules where a size is needed", "", filename))
    module = cst.parse_module(code)
    from nnport.frameworks.keras.reading import support_helpers
    module, read_back = support_helpers.recognise(module)
    from nnport.frameworks.keras.reading import initializers
    module, _ = initializers.rewrite(module, collect(code, tree))
    if read_back:
        diags.append(Diagnostic("info", 1, 1, "the Keras writer's helpers read back as the PyTorch API they "
                                f"stand for: {', '.join(read_back)}", "", filename))
    wrapper = MetadataWrapper(module)
    rw = _Rewriter(collect(code, tree), sizes, diags, filename, target)
    out = support_helpers.prune(wrapper.visit(rw))
    from nnport.frameworks.keras import train_prepare
    out = train_prepare.rewrite(out, collect(code, tree), code, filename, diags)
    if graphs and target is not None:
        from nnport.frameworks.keras import builders
        out = builders.splice(out, graphs, sizes, target, diags, filename)
    from nnport.frameworks.keras.reading import reserved
    out, sizes = reserved.restore(out, rw.modules, sizes)   # `self.layers_` -> `self.layers`
    return out.code, {"sizes": sizes, "line_map": _line_map(code, out.code), "aliases": {
        **rw.aliases, **{n: f"{support_helpers.MODULE}.{n}" for n in read_back}}}, diags


def _data_update(call: cst.Call) -> cst.Assign:
    """`self.v.assign(x)` (`assign_add`, `assign_sub`) -> `self.v.data = x` (`self.v + x`...): a
    PyTorch parameter's value replaced in place, outside autograd, as Keras' assign is."""
    var, op, x = call.func.value, call.func.attr.value, call.args[0].value
    if op != "assign":
        x = cst.BinaryOperation(var, cst.Add() if op == "assign_add" else cst.Subtract(), _grouped(x))
    elif "\n" in cst.Module([]).code_for_node(x) and not x.lpar:   # the call's parentheses held its lines
        x = x.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return cst.Assign([cst.AssignTarget(cst.Attribute(var, cst.Name("data")))], x)


def _frozen_variable(stmt, aliases) -> bool:
    """`self.v = keras.Variable(value, trainable=False)`: state that is not trained (a buffer)."""
    if not (isinstance(stmt, cst.Assign) and len(stmt.targets) == 1 and m.matches(stmt.targets[0].target, _SELF)
            and isinstance(stmt.value, cst.Call)):
        return False
    call = stmt.value
    names = {sk.canonical_import(n) for n in qualified(call.func, aliases)} | {cst.Module([]).code_for_node(call.func)}
    return bool(names & set(sk.PARAMETER_CLASSES)) and len(call.args) == 2 and call.args[0].keyword is None and \
        m.matches(call.args[1], m.Arg(keyword=m.Name("trainable"), value=m.Name("False")))


def _buffer(stmt: cst.Assign) -> cst.Expr:
    """-> `self.<BUFFER_METHOD>("v", value)`: the engine writes the target's buffer."""
    name = cst.SimpleString(repr(stmt.targets[0].target.attr.value))
    method = cst.Attribute(cst.Name("self"), cst.Name(sk.BUFFER_METHOD))
    return cst.Expr(cst.Call(method, [cst.Arg(name), cst.Arg(stmt.value.args[0].value)]))


def _grouped(x: cst.BaseExpression) -> cst.BaseExpression:
    """x as the right operand of `self.v + x` / `self.v - x`: parenthesized unless it is an atom (a name,
    attribute, call, subscript or number) or already parenthesized."""
    atoms = (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.Integer, cst.Float)
    return x if isinstance(x, atoms) or x.lpar else x.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


def _module_classes(module: cst.Module, aliases, sk=sk) -> set[str]:
    """The module classes of the file: a base among `sk.MODULE_BASES` (a source skeleton) or such a class."""
    found: set[str] = set()
    changed = True
    classes = [s for s in module.body if isinstance(s, cst.ClassDef)]
    while changed:
        changed = False
        for c in classes:
            if c.name.value in found:
                continue
            for b in c.bases:
                names = {sk.canonical_import(n) for n in qualified(b.value, aliases)}
                if names & set(sk.MODULE_BASES) or (isinstance(b.value, cst.Name) and b.value.value in found):
                    found.add(c.name.value)
                    changed = True
                    break
    return found


class _Rewriter(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, aliases, sizes, diags, filename, target=None):
        super().__init__()
        self.aliases, self.sizes, self.diags, self.filename = aliases, sizes, diags, filename
        self.target = target
        self.modules: set[str] = set()
        self.cls: list[str | None] = []
        self.func: list[str] = []
        self.training: list[bool] = []   # the current `call` had a training argument

    def note(self, node, message, severity="warning", api=""):
        pos = self.get_metadata(PositionProvider, node, None)
        line, col = (pos.start.line, pos.start.column + 1) if pos else (1, 1)
        self.diags.append(Diagnostic(severity, line, col, message, api, self.filename))

    def visit_Module(self, node):
        self.modules = _module_classes(node, self.aliases)

    @property
    def in_module(self) -> bool:
        return bool(self.cls) and self.cls[-1] is not None

    def visit_ClassDef(self, node):
        self.cls.append(node.name.value if node.name.value in self.modules else None)

    def leave_ClassDef(self, original, updated):
        name = self.cls.pop()
        if name is None or not isinstance(updated.body, cst.IndentedBlock):
            return updated
        return self._move_build(original, updated, name)

    def visit_FunctionDef(self, node):
        self.func.append(node.name.value)
        if self.in_module and len(self.func) == 1 and _takes_training(node):
            self.training.append(any(p.name.value == "training" for p in
                                     [*node.params.params, *node.params.kwonly_params]))

    def leave_FunctionDef(self, original, updated):
        name = self.func.pop()
        if not (self.in_module and not self.func):
            return updated
        if _takes_training(original):   # call(), or a method call() hands its training flag to
            self.training.pop()
            p = updated.params
            keep = [x for x in p.params if x.name.value != "training"]
            if keep and len(keep) < len(p.params):
                keep[-1] = keep[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            kw = [x for x in p.kwonly_params if x.name.value != "training"]
            star = p.star_arg if kw or not isinstance(p.star_arg, cst.ParamStar) else cst.MaybeSentinel.DEFAULT
            return updated.with_changes(params=p.with_changes(params=keep, kwonly_params=kw, star_arg=star))
        if name == "get_config":
            self.note(original, "get_config (Keras serialisation) has no PyTorch counterpart: dropped", "info")
            return cst.RemoveFromParent()
        return updated

    def leave_Name(self, original, updated):
        if self.training and self.training[-1] and len(self.func) >= 1 and original.value == "training":
            return cst.Attribute(cst.Name("self"), cst.Name("training"))
        return updated

    def leave_Attribute(self, original, updated):
        if qualified(original, self.aliases) & {"tensorflow.newaxis"}:
            return cst.Name("None")   # tf.newaxis is None
        return updated.with_changes(attr=original.attr)   # `x.training` is no read of the name

    def leave_Param(self, original, updated):
        return updated.with_changes(name=original.name)   # parameter names are not reads

    def leave_Arg(self, original, updated):
        return updated.with_changes(keyword=original.keyword)

    def leave_Call(self, original, updated):
        if not self.in_module:
            return updated
        args = [a for a in updated.args if not (a.keyword is not None and a.keyword.value == "training"
                                                and m.matches(a.value, m.Attribute(m.Name("self"), m.Name("training"))))]
        if len(args) < len(updated.args):
            if args:
                args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            updated = updated.with_changes(args=args)
        f = updated.func
        if m.matches(f, m.Attribute(value=m.Call(func=m.Name("super")), attr=m.Name("__init__"))):
            if any(a.star == "**" for a in updated.args):
                return updated.with_changes(args=[a for a in updated.args if a.star != "**"])
        if m.matches(f, m.Attribute(value=m.Name("self"), attr=m.Name("add_weight"))):
            return self._variable(original, updated)
        names = {sk.canonical_import(n) for n in qualified(original.func, self.aliases)}
        if any(n.startswith("keras.layers.") for n in names) and any(
                a.keyword is not None and a.keyword.value.endswith("_initializer") and isinstance(a.value, cst.Call)
                for a in updated.args):
            self.note(original, "initializer objects are not translated: the target's own initialisation "
                      "(the weights are meant to be copied)", "info")
            args = [a for a in updated.args if not (a.keyword is not None and a.keyword.value.endswith(
                "_initializer") and isinstance(a.value, cst.Call))]
            updated = updated.with_changes(args=[*args[:-1], args[-1].with_changes(
                comma=cst.MaybeSentinel.DEFAULT)] if args else [])
        if names & {"keras.random.SeedGenerator"}:
            self.note(original, "keras.random.SeedGenerator: kept as its seed; the target draws from its "
                      "global generator", api="keras.random.SeedGenerator")
            return updated.args[0].value if updated.args else cst.Name("None")
        return updated

    def leave_SimpleStatementLine(self, original, updated):
        if self.in_module and len(updated.body) == 1 and _frozen_variable(updated.body[0], self.aliases):
            return updated.with_changes(body=[_buffer(updated.body[0])])
        if not self.in_module or len(updated.body) != 1 or not isinstance(updated.body[0], cst.Expr):
            return updated
        call = updated.body[0].value
        if not isinstance(call, cst.Call):
            return updated
        if m.matches(call.func, m.Attribute(value=_SELF, attr=m.Name("build"))):
            return cst.RemoveFromParent()   # sizes come from the recorded run
        if m.matches(call.func, m.Attribute(value=_SELF, attr=m.Name("assign") | m.Name("assign_add")
                                            | m.Name("assign_sub"))) and self.target == "torch" and \
                len(call.args) == 1 and call.args[0].keyword is None:
            return updated.with_changes(body=[_data_update(call)])
        if m.matches(call.func, m.Attribute(value=_SELF, attr=m.Name("assign") | m.Name("assign_add")
                                            | m.Name("assign_sub"))):
            why = (f"Variable.{call.func.attr.value}: not translated; update the PyTorch parameter in place "
                   "by hand (with torch.no_grad(): p.copy_(value))")
            self.note(original, why, api=f"keras.Variable.{call.func.attr.value}")
            return _commented(updated, why)
        if m.matches(call.func, m.Attribute(value=m.Name("self"), attr=m.Name("add_loss"))) and call.args:
            why = "add_loss: stored as self.aux_loss; add it to the training loss by hand"
            self.note(original, why, api="keras.layers.Layer.add_loss")
            return _commented(updated.with_changes(body=[cst.Assign([cst.AssignTarget(cst.parse_expression(
                "self.aux_loss"))], call.args[0].value)]), why)
        return updated

    # ---- add_weight ------------------------------------------------------------------------
    def _variable(self, original, call: cst.Call) -> cst.BaseExpression:
        kw = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        pos = [a.value for a in call.args if a.keyword is None]
        shape = kw.get("shape", pos[0] if pos else None)
        if shape is None:
            self.note(original, "add_weight without a shape")
            return call
        init = kw.get("initializer", pos[1] if len(pos) > 1 else cst.SimpleString('"glorot_uniform"'))
        value = self._init(original, init, cst.Module([]).code_for_node(shape))
        args = [cst.Arg(cst.parse_expression(value))]
        if "trainable" in kw:
            args.append(cst.Arg(kw["trainable"], keyword=cst.Name("trainable"),
                                equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))))
        return cst.Call(cst.parse_expression("keras.Variable"), args)

    def _init(self, original, init, shape: str) -> str:
        if isinstance(init, cst.SimpleString) and init.evaluated_value in _INITS:
            return _INITS[init.evaluated_value].format(shape=shape)
        if isinstance(init, cst.Call):
            names = {sk.canonical_import(n) for n in qualified(init.func, self.aliases)}
            kw = {a.keyword.value: cst.Module([]).code_for_node(a.value) for a in init.args if a.keyword}
            if names & {"keras.initializers.RandomNormal"}:
                return (f"keras.random.normal({shape}, mean={kw.get('mean', '0.0')}, "
                        f"stddev={kw.get('stddev', '0.05')})")
            if names & {"keras.initializers.Zeros"}:
                return f"keras.ops.zeros({shape})"
        self.note(original, f"initializer {cst.Module([]).code_for_node(init)} not translated: "
                  "zeros (the weights are meant to be copied)")
        return f"keras.ops.zeros({shape})"

    # ---- build -----------------------------------------------------------------------------
    def _move_build(self, original: cst.ClassDef, cls: cst.ClassDef, name: str) -> cst.ClassDef:
        body = list(cls.body.body)
        k = next((i for i, s in enumerate(body) if isinstance(s, cst.FunctionDef) and s.name.value == "build"), None)
        if k is None:
            return cls
        build = body[k]
        params = build.params.params
        arg = params[1].name.value if len(params) > 1 else None
        from nnport.frameworks.keras.sizes import agreed
        used = arg is not None and _uses(build.body, arg)
        shape = agreed(self.sizes.get((name, "")))
        if used and shape is None:
            where = next((s for s in original.body.body if isinstance(s, cst.FunctionDef)
                          and s.name.value == "build"), original)
            self.note(where, f"{name}.build: instances see different input shapes (or none was "
                      "recorded): built on the first call, as Keras does", "warning")
            return self._lazy(cls, body, k, arg)
        stmts = list(build.body.body)
        if used:
            lit = "(None, " + ", ".join(str(d) for d in shape[1:]) + ("," if len(shape) == 2 else "") + ")"
            stmts.insert(0, cst.parse_statement(f"{arg} = {lit}  # recorded input shape"))
        del body[k]
        init = next((i for i, s in enumerate(body) if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"), None)
        if init is None:
            new = cst.parse_statement("def __init__(self):\n    super().__init__()\n")
            body.insert(_after_doc(body), _spaced(new.with_changes(body=new.body.with_changes(
                body=[*new.body.body, *stmts])), body))
        else:
            fn = body[init]
            body[init] = fn.with_changes(body=fn.body.with_changes(body=[*fn.body.body, *stmts]))
        return cls.with_changes(body=cls.body.with_changes(body=body))

    def _lazy(self, cls, body, k, arg):
        call = next((i for i, s in enumerate(body) if isinstance(s, cst.FunctionDef) and s.name.value == sk.FORWARD), None)
        if call is None or not body[call].params.params[1:]:
            return cls
        fn = body[call]
        first = fn.params.params[1].name.value
        guard = cst.parse_statement(f"if not self.built:\n    self.build({first}.shape)\n    self.built = True\n"
                                    "    self.train(self.training)  # what build made follows the mode\n")
        body[call] = fn.with_changes(body=fn.body.with_changes(body=[guard, *fn.body.body]))
        init = next((i for i, s in enumerate(body) if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"), None)
        flag = cst.parse_statement("self.built = False")
        if init is None:
            body.insert(_after_doc(body), _spaced(cst.parse_statement(
                "def __init__(self):\n    super().__init__()\n    self.built = False\n"), body))
        else:
            fn = body[init]
            body[init] = fn.with_changes(body=fn.body.with_changes(body=[*fn.body.body, flag]))
        return cls.with_changes(body=cls.body.with_changes(body=body))


def _takes_training(fn: cst.FunctionDef) -> bool:
    """`call`, or another method of a module class with a `training` parameter (call passes it on):
    the flag becomes self.training."""
    return fn.name.value == sk.FORWARD or (fn.name.value != "__init__" and any(
        p.name.value == "training" for p in [*fn.params.params, *fn.params.kwonly_params]))


def _commented(stmt, why: str):
    return stmt.with_changes(leading_lines=[*stmt.leading_lines, cst.EmptyLine(comment=cst.Comment(
        f"# nnport: {why}"))])


def _after_doc(body) -> int:
    """Where a new method goes: after the class docstring."""
    return 1 if body and m.matches(body[0], m.SimpleStatementLine([m.Expr(m.SimpleString())])) else 0


def _spaced(fn: cst.FunctionDef, body) -> cst.FunctionDef:
    """A blank line before a method that follows the docstring."""
    return fn.with_changes(leading_lines=[cst.EmptyLine(indent=False)]) if _after_doc(body) else fn


def _uses(node: cst.CSTNode, name: str) -> bool:
    return bool(m.findall(node, m.Name(name)))
