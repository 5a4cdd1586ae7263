"""Flax NNX source idioms rewritten into the plain form the engine reads, before translation.

A Flax Linen file (it imports flax.linen) is rewritten to NNX first (linen/rewrite.py, which runs the
Linen model once for its layer sizes), then read as below; the diagnostics of both steps and the
line map point into the Linen file. Its weights: nnport.transfer_weights(linen_model.bind(variables),
torch_model) (linen/transfer.to_nnx_model, then source_transfer.py).

Layer ranks and sizes: a file following the corpus convention (Model, get_init_inputs, get_inputs)
is run once where flax can be imported (sizes.py), unless NNPORT_RECORD_SHAPES=0; each table
layer's construction then carries its recorded input shape (`_nnport_shape=(2, 8, 8, 16)`, read by
the readers; flax/reading/recorded.py).

Everywhere in the file:
- the rngs plumbing: `rngs` parameters (`*, rngs: nnx.Rngs`) and `rngs=` keywords dropped, `self.rngs =
  rngs` and statements that only draw keys (`key = self.rngs.noise()`, `k1, k2 = jax.random.split(key)`)
  removed; the readers of `jax.random.*` drop their key (PyTorch's generator draws instead);
- `nnx.data(v)` -> `v`; `nnx.iter_modules(m)` / `nnx.iter_children(m)` -> `m.named_modules()` /
  `m.named_children()` ((path, module) pairs); initializers called for a value (`nnx.initializers.normal(0.02)(key, shape)`)
  -> the array functions they compute (initializers.py); `x.at[i].set(v)` / `.add(v)` / `.multiply(v)` / `.divide(v)` -> a copy and an
  index assignment (at_updates.py), `x.at[i].get()` -> `x[i]`.
In each module class (`nnx.Module` subclasses):
- `self.s = nnx.BatchStat(v)` / `nnx.Variable(v)` -> `self.register_buffer("s", v)`; `self.s.value`,
  `self.s[...]`, `self.s.get_value()` of a variable -> `self.s`; `self.s.value = v` -> `self.s = v`;
- `self.deterministic` / `self.use_running_average` (the flags model.train()/eval() set) -> `not
  self.training` (`not not self.training` -> `self.training`), and their assignments in `__init__` dropped;
- a local name bound once to a variable (`mean = self.mean`, as the Linen rewrite writes):
  `mean.value` / `mean[...]` read `self.mean`, `mean.value = v` writes it; the binding goes when
  nothing else uses it;
- `deterministic=` / `use_running_average=` passed to a submodule's call: dropped with a warning (the
  PyTorch module follows model.train()/eval()).
"""
from __future__ import annotations

import ast
import dataclasses
import os

import libcst as cst
import libcst.matchers as m
from libcst.metadata import MetadataWrapper, PositionProvider

from nnport.diagnostics import Diagnostic
from nnport.frameworks.flax import source_skeleton as sk
from nnport.frameworks.keras.prepare import _line_map
from nnport.frameworks.source_rewriter import SourceRewriter
from nnport.translate.names import bound_names, collect

_SELF = m.Attribute(value=m.Name("self"), attr=m.Name())
_VARIABLES = {"flax.nnx.Param": "param", "flax.nnx.BatchStat": "buffer", "flax.nnx.Variable": "buffer"}
_FLAGS = ("deterministic", "use_running_average")
# module walks: (path, module) pairs in both (a path tuple in Flax, a dotted name in the hub's)
_ITER_MODULES = {"flax.nnx.iter_modules": "named_modules", "flax.nnx.iter_children": "named_children"}
_KEY_FUNCS = ("jax.random.split", "jax.random.PRNGKey", "jax.random.key", "jax.random.fold_in")


def prepare(code: str, filename: str, target: str | None = None):
    """(code rewritten, facts for the readers: {"sites", "line_map"}, diagnostics). A Linen file
    (imports flax.linen) is rewritten to NNX first (linen/rewrite.py): the diagnostics of both
    steps and the line map point into the Linen file."""
    from nnport.frameworks.flax.linen import rewrite as linen
    if not linen.imports_linen(code):
        return _prepare_nnx(code, filename)
    nnx_code, linen_diags = linen.to_nnx(code, filename)
    to_linen = _line_map(code, nnx_code)
    out, facts, diags = _prepare_nnx(nnx_code, filename)
    facts["line_map"] = [to_linen[n] if 0 < n < len(to_linen) else n for n in facts["line_map"]]
    diags = [dataclasses.replace(d, line=to_linen[d.line]) if 0 < d.line < len(to_linen) else d for d in diags]
    return out, facts, linen_diags + diags


def _prepare_nnx(code: str, filename: str):
    tree = ast.parse(code)
    diags: list[Diagnostic] = []
    facts: dict = {"sizes": {}, "sites": {}}
    from nnport.frameworks.keras.sizes import follows_convention
    if os.environ.get("NNPORT_RECORD_SHAPES", "1") == "0":
        diags.append(Diagnostic("info", 1, 1, "NNPORT_RECORD_SHAPES=0: the model is not run; layers whose "
                                "rank is needed (BatchNorm) are refused", "", filename))
    elif follows_convention(tree):
        from nnport.frameworks.flax import sizes
        try:
            facts["sites"] = sizes.record(code, filename)
            diags.append(Diagnostic("info", 1, 1, "layer input shapes recorded from one run of "
                                    "Model(*get_init_inputs(), rngs=nnx.Rngs(0)) on get_inputs()", "", filename))
        except Exception as e:  # noqa: BLE001 - flax may be missing here, or the file may not run
            diags.append(Diagnostic("info", 1, 1, f"could not run the model to record layer shapes "
                                    f"({type(e).__name__}: {e})", "", filename))
    from nnport.frameworks.flax import own_helpers
    module = cst.parse_module(code)
    gone = own_helpers.found(module)   # the Flax writer's support definitions, read back
    aliases = {**collect(code, tree), **own_helpers.aliases(gone)}
    rw = _Rewriter(aliases, facts, diags, filename)
    out = own_helpers.rewrite(MetadataWrapper(module).visit(rw), gone)
    from nnport.frameworks.flax.at_updates import rewrite
    out = rewrite(out, aliases, rw.note_at, rw.wrote_jax)
    if rw.dropped_init:
        from nnport.frameworks.flax.reinit import EmptyBlocks
        out = out.visit(EmptyBlocks())
    from nnport.frameworks.flax import train_prepare
    out = train_prepare.rewrite(out, aliases, code, filename, diags)
    facts["line_map"] = _line_map(code, out.code)
    return out.code, facts, diags


def module_classes(module: cst.Module, aliases) -> set[str]:
    from nnport.frameworks.keras.prepare import _module_classes
    return _module_classes(module, aliases, sk)


def _variables(cls: cst.ClassDef, names) -> dict[str, str]:
    """Attributes a class assigns an nnx.Param / BatchStat / Variable to -> "param" / "buffer"."""
    out = {}
    for node in m.findall(cls, m.Assign(targets=[m.AssignTarget(_SELF)], value=m.Call())):
        kinds = {_VARIABLES[n] for n in names(node.value.func) if n in _VARIABLES}
        if kinds:
            out[node.targets[0].target.attr.value] = kinds.pop()
    return out


class _Rewriter(SourceRewriter):
    def __init__(self, aliases, facts, diags, filename):
        super().__init__(aliases, facts, diags, filename, sk.canonical_import, module_classes)
        self.vars: list[dict[str, str]] = []   # per class: its nnx.Param / BatchStat / Variable attributes
        self.embeds: list[set[str]] = []       # per class: its nnx.Embed attributes (embed_attend.py)
        self.held: list[dict[str, str]] = []   # per function: local name -> the variable attribute it holds
        self.dead: list[set[str]] = []         # per function: those whose binding goes (self.s read instead)
        self.random_noted = False
        self.wrote_jax = False   # jax.numpy / jax.random written (initializers): `import jax.numpy`, `import jax.random`
        self.module_rngs: set[str] = set()   # `default_rngs = nnx.Rngs(0)` at module level (reinit.py)
        self.dropped_init = False

    def visit_Module(self, node):
        super().visit_Module(node)
        from nnport.frameworks.flax.reinit import module_rngs
        self.module_rngs = module_rngs(node, self.names)

    def note_at(self, message, severity="warning"):
        self.diags.append(Diagnostic(severity, 1, 1, message, "", self.filename))

    def visit_ClassDef(self, node):
        name = node.name.value if node.name.value in self.modules else None
        self.cls.append(name)
        self.vars.append(_variables(node, self.names) if name else {})
        from nnport.frameworks.flax.embed_attend import embeds
        self.embeds.append(embeds(node, self.names) if name else set())

    def leave_ClassDef(self, original, updated):
        self.cls.pop()
        self.vars.pop()
        self.embeds.pop()
        return updated

    def visit_FunctionDef(self, node):
        self.func.append(node.name.value)
        self.held.append(_held_variables(node, self.vars[-1]) if self.in_module else {})
        self.dead.append({n for n in self.held[-1] if _only_accessed(node, n)})

    def leave_FunctionDef(self, original, updated):
        self.func.pop()
        self.held.pop()
        self.dead.pop()
        updated = updated.with_changes(params=_without_rngs(updated.params))
        if self.in_module and not self.func and updated.name.value == "__init__" and \
                not m.findall(updated.body, m.Call(func=m.Attribute(attr=m.Name("__init__")))):
            updated = _with_super_init(updated)
        return updated

    # ---- expressions -----------------------------------------------------------------------
    def _variable(self, node) -> str | None:
        """`self.s` where s is a variable of this class (or a local name holding it: `s = self.s`): its kind."""
        if self.in_module and m.matches(node, _SELF):
            return self.vars[-1].get(node.attr.value)
        if self.in_module and isinstance(node, cst.Name) and self.held and node.value in self.held[-1]:
            return self.vars[-1].get(self.held[-1][node.value])
        return None

    def _as_self(self, node):
        """`s` holding `self.s` -> `self.s` (its value read or written now, as NNX's Variable gives)."""
        if isinstance(node, cst.Name) and self.held and node.value in self.held[-1]:
            return cst.Attribute(cst.Name("self"), cst.Name(self.held[-1][node.value]))
        return node

    def leave_Attribute(self, original, updated):
        if self.in_module and m.matches(original, _SELF) and original.attr.value in _FLAGS:
            return cst.UnaryOperation(cst.Not(), cst.Attribute(cst.Name("self"), cst.Name("training")))
        if original.attr.value == "value" and self._variable(original.value):
            return self._as_self(updated.value)
        return updated

    def leave_UnaryOperation(self, original, updated):
        """`not self.deterministic` -> `not not self.training` -> `self.training`."""
        inner = updated.expression
        if isinstance(updated.operator, cst.Not) and m.matches(inner, m.UnaryOperation(operator=m.Not())) and \
                m.matches(inner.expression, m.Attribute(value=m.Name("self"), attr=m.Name("training"))):
            return inner.expression
        return updated

    def leave_Subscript(self, original, updated):
        if self._variable(original.value) and len(original.slice) == 1 and \
                m.matches(original.slice[0].slice, m.Index(m.Ellipsis())):
            return self._as_self(updated.value)
        return updated

    def leave_Call(self, original, updated):
        names = self.names(original.func)
        from nnport.frameworks.flax.initializers import initializer_call
        inner = self.names(original.func.func) if isinstance(original.func, cst.Call) else set()
        value = initializer_call(inner, names, updated)
        if value is not None:
            self.wrote_jax = True
            return value
        from nnport.frameworks.flax.functions_as_layers import called_partial
        direct = called_partial(self.names, original)
        if direct is not None:   # the readers read the call written out (its arguments as given)
            return self.leave_Call(direct, called_partial(self.names, updated) or updated)
        from nnport.frameworks.flax.embed_attend import attend
        product = attend(updated, self.embeds[-1]) if self.in_module else None
        if product is not None:
            self.wrote_jax = True
            return product
        if names & {"flax.nnx.data"} and len(updated.args) == 1:
            return updated.args[0].value
        walk = next((_ITER_MODULES[n] for n in names if n in _ITER_MODULES), None)
        if walk is not None and len(updated.args) == 1 and updated.args[0].keyword is None:
            return cst.Call(cst.Attribute(updated.args[0].value, cst.Name(walk)), [])
        kind = sk.parameter_container(original, names, self.names)
        if kind is not None:
            return updated.with_changes(func=updated.func.with_changes(attr=cst.Name(kind)))
        f = original.func
        if isinstance(f, cst.Attribute) and f.attr.value == "get_value" and self._variable(f.value):
            return self._as_self(updated.func.value)
        if any(n.startswith("jax.random.") for n in names) and not self.random_noted:
            self.random_noted = True
            self.note(original, "jax.random with explicit keys: PyTorch draws from its global generator "
                      "(torch.manual_seed); the random numbers differ from JAX's bit for bit", "info",
                      sorted(names)[0])
        args = [a for a in updated.args if not (a.keyword is not None and a.keyword.value == "rngs")]
        if self.in_module and isinstance(f, (cst.Attribute, cst.Name, cst.Subscript)) and \
                not any(n.startswith(("flax.", "jax.")) for n in names):
            flags = [a for a in args if a.keyword is not None and a.keyword.value in _FLAGS]
            for a in flags:
                self.note(original, f"{a.keyword.value}= at a call is dropped: the PyTorch module follows "
                          "model.train() / model.eval()", "warning")
            args = [a for a in args if a not in flags]
        if len(args) != len(updated.args):
            if args:
                args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            updated = updated.with_changes(args=args)
        return self._recorded(original, updated)

    def _recorded(self, original, call: cst.Call) -> cst.Call:
        """A table layer's recorded input shape (every instance made at this spot agrees) as a keyword
        the readers take out: `_nnport_shape=(2, 8, 8, 16)` (`_nnport_rank=4` where only ranks agree)."""
        from nnport.frameworks.flax.reading.tables import SOURCE
        from nnport.frameworks.mxnet.reading.recorded import with_recorded
        if not any(n in SOURCE.layers for n in self.names(original.func)):
            return call
        pos = self.get_metadata(PositionProvider, original, None)
        calls = self.facts["sites"].get((pos.start.line, pos.start.column)) if pos else None
        return with_recorded(call, calls) if calls else call

    # ---- statements --------------------------------------------------------------------------
    def leave_SimpleStatementLine(self, original, updated):
        if len(updated.body) != 1:
            return updated
        s, o = updated.body[0], original.body[0]
        if isinstance(s, cst.Assign) and self._drawn_keys(o):
            return cst.RemovalSentinel.REMOVE
        if not self.cls and not self.func and isinstance(o, cst.Assign) and len(o.targets) == 1 and \
                m.matches(o.targets[0].target, m.Name()) and o.targets[0].target.value in self.module_rngs:
            return cst.RemovalSentinel.REMOVE
        from nnport.frameworks.flax.reinit import NOTE, reinitialised
        target = reinitialised(o, self.names, self._variable)
        if target is not None:
            self.dropped_init = True
            self.note(original, NOTE.format(target=target), "info")
            return cst.RemovalSentinel.REMOVE
        if isinstance(s, cst.Assign) and self.dead and len(s.targets) == 1 and \
                m.matches(o.targets[0].target, m.Name()) and o.targets[0].target.value in self.dead[-1]:
            return cst.RemovalSentinel.REMOVE
        if isinstance(s, cst.Assign) and len(s.targets) == 1 and m.matches(o.targets[0].target, _SELF):
            attr = o.targets[0].target.attr.value
            if self.in_module and self.func[-1:] == ["__init__"]:
                from nnport.frameworks.flax.functions_as_layers import read_function
                from nnport.frameworks.flax.reading.tables import SOURCE
                called = read_function(self.names, s.value, lambda n: n in SOURCE.functions)
                if called is not None:
                    return updated.with_changes(body=[s.with_changes(value=called)])
            if attr == "rngs" or (attr in _FLAGS and self.in_module and self.func[-1:] == ["__init__"]):
                return cst.RemovalSentinel.REMOVE
            kind = self.vars[-1].get(attr) if self.in_module else None
            if kind == "buffer" and isinstance(s.value, cst.Call) and self.func[-1:] == ["__init__"] and \
                    self.names(o.value.func) & set(_VARIABLES):
                value = s.value.args[0].value if s.value.args else cst.Name("None")
                call = cst.Call(cst.parse_expression("self.register_buffer"),
                                [cst.Arg(cst.SimpleString(f'"{attr}"')), cst.Arg(value)])
                return updated.with_changes(body=[cst.Expr(call)])
        if isinstance(s, (cst.Assign, cst.AugAssign)):
            targets = [t.target for t in s.targets] if isinstance(s, cst.Assign) else [s.target]
            new = [self._as_self(t.value) if isinstance(t, cst.Attribute) and t.attr.value == "value" and
                   self._variable(t.value) else t for t in targets]
            if any(a is not b for a, b in zip(new, targets)):
                if isinstance(s, cst.Assign):
                    s = s.with_changes(targets=[cst.AssignTarget(t) for t in new])
                else:
                    s = s.with_changes(target=new[0])
                return updated.with_changes(body=[s])
        if isinstance(s, cst.Expr) and isinstance(s.value, cst.Call) and \
                m.matches(o.value.func, m.Attribute(attr=m.Name("set_value"))) and \
                self._variable(o.value.func.value) and len(s.value.args) == 1:
            target = self._as_self(s.value.func.value)
            return updated.with_changes(body=[cst.Assign([cst.AssignTarget(target)], s.value.args[0].value)])
        return updated

    def _drawn_keys(self, assign: cst.Assign) -> bool:
        """`key = self.rngs.noise()`, `k1, k2 = jax.random.split(key)`, `key = rngs.params()`: keys only."""
        v = assign.value
        if not isinstance(v, cst.Call):
            return False
        if self.names(v.func) & set(_KEY_FUNCS):
            return True
        f = v.func
        return (isinstance(f, cst.Attribute) and not v.args and _is_rngs(f.value)) or \
            (m.matches(f, m.Name()) and f.value in self.module_rngs and not v.args)


def _held_variables(fn: cst.FunctionDef, variables: dict[str, str]) -> dict[str, str]:
    """Local names a function binds once, to a variable attribute (`mean = self.mean`): name -> attribute."""
    bound: dict[str, list] = {}
    for node in m.findall(fn.body, m.Assign() | m.AugAssign() | m.AnnAssign() | m.For()):
        targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
        for t in targets:
            for name in bound_names(t):
                bound.setdefault(name, []).append(node)
    out = {}
    for name, nodes in bound.items():
        v = nodes[0].value if len(nodes) == 1 and isinstance(nodes[0], cst.Assign) else None
        if v is not None and m.matches(nodes[0].targets[0].target, m.Name()) and m.matches(v, _SELF) \
                and v.attr.value in variables:
            out[name] = v.attr.value
    return out


def _only_accessed(fn: cst.FunctionDef, name: str) -> bool:
    """Every use of `name` but its binding reads or writes the variable (`.value`, `[...]`, get/set_value):
    once those read `self.s`, the binding is dead."""
    named = m.Attribute(attr=m.Name(name)) | m.Arg(keyword=m.Name(name))   # `x.mean`, `f(mean=...)`: not uses
    uses = len(m.findall(fn.body, m.Name(name))) - len(m.findall(fn.body, named)) - 1
    access = m.Attribute(value=m.Name(name), attr=m.Name("value") | m.Name("get_value") | m.Name("set_value"))
    whole = m.Subscript(value=m.Name(name), slice=[m.SubscriptElement(m.Index(m.Ellipsis()))])
    return uses == len(m.findall(fn.body, access)) + len(m.findall(fn.body, whole))


def _with_super_init(fn: cst.FunctionDef) -> cst.FunctionDef:
    """An nnx.Module's `__init__` calls no base constructor; a PyTorch module's must: after the docstring."""
    body = list(fn.body.body)
    at = 1 if body and m.matches(body[0], m.SimpleStatementLine([m.Expr(m.SimpleString() | m.ConcatenatedString())])) else 0
    body.insert(at, cst.parse_statement("super().__init__()"))
    return fn.with_changes(body=fn.body.with_changes(body=body))


def _is_rngs(node) -> bool:
    return m.matches(node, m.Name("rngs") | m.Attribute(value=m.Name("self"), attr=m.Name("rngs")))


def _without_rngs(params: cst.Parameters) -> cst.Parameters:
    """`(self, d, *, rngs: nnx.Rngs)` -> `(self, d)`: the rngs parameter (any kind) removed."""
    def keep(ps):
        return [p for p in ps if p.name.value != "rngs"]
    plain, kw = keep(params.params), keep(params.kwonly_params)
    if len(plain) == len(params.params) and len(kw) == len(params.kwonly_params):
        return params
    star = params.star_arg
    if not kw and isinstance(star, cst.ParamStar):
        star = cst.MaybeSentinel.DEFAULT
    for ps in (plain, kw):
        if ps:
            ps[-1] = ps[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return params.with_changes(params=plain, kwonly_params=kw, star_arg=star)
