"""Gluon source idioms rewritten into the plain form the engine reads, before translation.

Layer sizes: a file following the corpus convention (Model, get_init_inputs, get_inputs) is run
once where mxnet can be imported (sizes.py), unless NNPORT_RECORD_SHAPES=0; elsewhere deferred
sizes (`in_units=0`) become PyTorch lazy modules, with a diagnostic.

In each block class (`gluon.Block` / `gluon.HybridBlock` subclasses):
- `hybrid_forward(self, F, x, weight, ...)` -> `forward(self, x)`: `F.op` is `mxnet.ndarray.op`,
  the parameters Gluon passes as keywords are read as `self.<name>`;
- `with self.name_scope():` (any block's) is unwrapped: its body stays;
- `self.w = self.params.get(name, shape=..., init=...)` -> `self.w = mxnet.gluon.Parameter(<value>)`,
  the value as the initializer says (zeros, ones, constant, normal, uniform; others: a diagnostic);
  a deferred shape (a 0 in it) from the recorded run;
- `seq = nn.HybridSequential()` followed by `seq.add(a, b)` -> `seq = nn.HybridSequential(a, b)`; an
  `add` the constructor cannot take (in a loop) -> `seq.append(...)`; in a Sequential subclass
  `self.add(a)` -> `self.add_module("<i>", a)`, `self.register_child(a, name)` -> `self.add_module(name, a)`;
- `super().__init__(**kwargs)` -> `super().__init__()`, `prefix=` / `params=` dropped (a `params=`
  sharing another block's parameters: a warning); `autograd.is_training()` -> `self.training`;
- copies of the Gluon writer's support definitions: dropped, their calls read back (reading/
  support_calls.py); `def f(F, x)` at module level: F dropped; `p.init = mx.init.X()`: reading/initial.py.
"""
from __future__ import annotations

import ast
import os

import libcst as cst
import libcst.matchers as m
from libcst.metadata import MetadataWrapper, PositionProvider

from nnport.diagnostics import Diagnostic
from nnport.translate.hub import line_map as _line_map
from nnport.frameworks.mxnet import source_skeleton as sk
from nnport.frameworks.mxnet.sequential_adds import Appends, add_call, newline  # newline: call_sites.py too
from nnport.frameworks.source_rewriter import SourceRewriter
from nnport.translate.names import collect, qualified

_NAME_SCOPE = m.With(items=[m.WithItem(item=m.Call(func=m.Attribute(attr=m.Name("name_scope"))))])
_SELF = m.Attribute(value=m.Name("self"), attr=m.Name())
_PARAMS_GET = m.Attribute(m.Attribute(m.Name("self"), m.Name("params")), m.Name("get"))
_CONSTANT = m.Attribute(m.Attribute(m.Name("self"), m.Name("params")), m.Name("get_constant"))
_SEQ = {"mxnet.gluon.nn.Sequential", "mxnet.gluon.nn.HybridSequential"}
_DROPPED_KW = ("prefix", "params")


def prepare(code: str, filename: str, target: str | None = None):
    """(code rewritten, facts for the readers: {"sizes", "params", "line_map"}, diagnostics)."""
    tree = ast.parse(code)
    diags: list[Diagnostic] = []
    facts = {"sizes": {}, "params": {}, "sites": {}}
    from nnport.frameworks.mxnet import sizes as _sizes
    from nnport.frameworks.keras.sizes import follows_convention
    if os.environ.get("NNPORT_RECORD_SHAPES", "1") == "0":
        diags.append(Diagnostic("info", 1, 1, "NNPORT_RECORD_SHAPES=0: the model is not run; lazy modules "
                                "where a size is needed", "", filename))
    elif follows_convention(tree):
        try:
            facts["sizes"], facts["params"], facts["sites"] = _sizes.record(code, filename)
            diags.append(Diagnostic("info", 1, 1, "layer sizes recorded from one run of "
                                    "Model(*get_init_inputs()) on get_inputs()", "", filename))
        except Exception as e:  # noqa: BLE001 - mxnet may be missing here, or the file may not run
            diags.append(Diagnostic("info", 1, 1, f"could not run the model to record layer sizes "
                                    f"({type(e).__name__}: {e}); lazy modules where a size is deferred",
                                    "", filename))
    module = cst.parse_module(code)
    aliases = collect(code, tree)
    rw = _Rewriter(aliases, facts, diags, filename)
    out = MetadataWrapper(module).visit(rw)
    from nnport.frameworks.mxnet import train_prepare
    out, trained = train_prepare.rewrite(out, aliases, code, filename, diags)
    if (rw.wrote_mxnet or trained) and "mxnet" not in aliases:   # before the first import (after the docstring)
        body = list(out.body)
        at = next((i for i, st in enumerate(body) if m.matches(st, m.SimpleStatementLine(
            [m.Import() | m.ImportFrom()])) and not m.matches(st.body[0], m.ImportFrom(module=m.Name("__future__")))),
            len(body))
        out = out.with_changes(body=[*body[:at], cst.parse_statement("import mxnet"), *body[at:]])
    facts["line_map"] = _line_map(code, out.code)
    return out.code, facts, diags


def module_classes(module: cst.Module, aliases) -> dict[str, str]:
    """Block classes of the file -> "sequential" for Sequential subclasses, "block" for the others."""
    found: dict[str, str] = {}
    classes = [s for s in module.body if isinstance(s, cst.ClassDef)]
    changed = True
    while changed:
        changed = False
        for c in classes:
            if c.name.value in found:
                continue
            for b in c.bases:
                names = {sk.canonical_import(n) for n in qualified(b.value, aliases)}
                base = b.value.value if isinstance(b.value, cst.Name) else None
                if names & _SEQ or found.get(base) == "sequential":
                    found[c.name.value] = "sequential"
                elif names & set(sk.MODULE_BASES) or base in found:
                    found[c.name.value] = "block"
                else:
                    continue
                changed = True
                break
    return found


class _Rewriter(SourceRewriter):
    def __init__(self, aliases, facts, diags, filename):
        super().__init__(aliases, facts, diags, filename, sk.canonical_import, module_classes)
        self.params: list[set[str]] = []      # per class: attributes holding self.params.get(...)
        self.hybrid: list[tuple[str, set[str]] | None] = []   # in hybrid_forward: (F's name, params read)
        self.wrote_mxnet = False
        self.helpers, self.dropped = {}, set()   # the writer's support definitions (support_calls.py)
        self.takes_f: set[str] = set()   # module functions taking F first (the Gluon writer's idiom)
        self.plists: list[set[str]] = []   # per class: parameter_list attributes (reading/parameter_lists.py)
        self.sized: list[set[str]] = []   # per function: names bound to sizes (reading/shape_names.py)

    def visit_Module(self, node):
        from nnport.frameworks.mxnet.reading.support_calls import matched
        super().visit_Module(node)
        self.helpers, self.dropped = matched(node)
        self.takes_f = {s.name.value for s in node.body if isinstance(s, cst.FunctionDef) and s.params.params
                        and s.params.params[0].name.value == "F" and s.name.value not in self.dropped}

    def leave_Module(self, original, updated):
        from nnport.frameworks.mxnet.reading.support_calls import kept
        return updated.with_changes(body=kept(updated.body, self.dropped)) if self.dropped else updated

    # ---- classes ---------------------------------------------------------------------------
    def visit_ClassDef(self, node):
        from nnport.frameworks.mxnet.reading.parameter_lists import list_attrs
        name = node.name.value if node.name.value in self.modules else None
        self.cls.append(name)
        self.params.append(_param_attrs(node) if name else set())
        self.plists.append(list_attrs(node) if name else set())

    def leave_ClassDef(self, original, updated):
        self.cls.pop()
        self.params.pop()
        self.plists.pop()
        return updated

    def visit_FunctionDef(self, node):
        from nnport.frameworks.mxnet.reading.shape_names import sized_names
        self.func.append(node.name.value)
        self.sized.append(sized_names(node))
        hybrid = None
        if not self.cls and len(self.func) == 1 and node.name.value in self.takes_f:   # def f(F, x): F.* ops
            hybrid = ("F", set(), None)
        if self.in_module and len(self.func) == 1 and node.name.value == "hybrid_forward":
            ps = node.params.params
            f = ps[1].name.value if len(ps) > 1 else "F"
            kw = node.params.star_kwarg
            hybrid = (f, {p.name.value for p in [*ps[2:], *node.params.kwonly_params]} & self.params[-1],
                      kw.name.value if kw is not None else None)
        self.hybrid.append(hybrid)

    def leave_FunctionDef(self, original, updated):
        self.func.pop()
        self.sized.pop()
        hybrid = self.hybrid.pop()
        updated = self._appends(updated)
        if hybrid is None:
            return updated
        f, read, _ = hybrid
        p = updated.params
        if not self.cls and original.name.value in self.takes_f:   # a module function taking F: F dropped
            rest = list(p.params[1:])
            return updated.with_changes(params=p.with_changes(params=rest))
        keep = [x for x in p.params[:1] + p.params[2:] if x.name.value not in read]
        kw = [x for x in p.kwonly_params if x.name.value not in read]
        if keep:
            keep[-1] = keep[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        star = p.star_arg if kw or not isinstance(p.star_arg, cst.ParamStar) else cst.MaybeSentinel.DEFAULT
        kwargs = p.star_kwarg
        if kwargs is not None and not _uses(updated.body, kwargs.name.value):
            kwargs = None   # **kwargs of hybrid_forward: the parameters, read as self.<name>
        return updated.with_changes(name=cst.Name("forward"), params=p.with_changes(
            params=keep, kwonly_params=kw, star_arg=star, star_kwarg=kwargs))

    # ---- names -----------------------------------------------------------------------------
    def _hybrid(self):
        return next((h for h in reversed(self.hybrid) if h is not None), None)

    def leave_Name(self, original, updated):
        h = self._hybrid()
        if h is not None and original.value in h[1]:
            return cst.Attribute(cst.Name("self"), cst.Name(original.value))
        return updated

    def leave_Subscript(self, original, updated):
        """kwargs["weight"] in hybrid_forward(self, F, x, **kwargs): the parameter, self.weight."""
        h = self._hybrid()
        if h is not None and h[2] is not None and m.matches(original.value, m.Name(h[2])) and \
                len(original.slice) == 1 and m.matches(original.slice[0].slice, m.Index(m.SimpleString() | m.FormattedString())):
            from nnport.frameworks.mxnet.reading.parameter_lists import element
            listed = element(original.slice[0].slice.value, self.plists[-1])
            if listed is not None:   # params[f"gates{i}"]: self.gates[i]
                return listed
            key = original.slice[0].slice.value.evaluated_value
            if key in self.params[-1]:
                return cst.Attribute(cst.Name("self"), cst.Name(key))
        return updated

    def leave_Attribute(self, original, updated):
        h = self._hybrid()
        if h is not None and m.matches(original.value, m.Name(h[0])):   # F.relu -> mxnet.ndarray.relu
            self.wrote_mxnet = True
            return cst.Attribute(cst.parse_expression("mxnet.ndarray"), original.attr)
        return updated.with_changes(attr=original.attr)   # `x.weight` is no read of a name

    def leave_Param(self, original, updated):
        return updated.with_changes(name=original.name)

    def leave_Arg(self, original, updated):
        return updated.with_changes(keyword=original.keyword)

    # ---- calls -----------------------------------------------------------------------------
    def leave_Call(self, original, updated):
        from nnport.frameworks.mxnet.reading.shape_names import as_sizes
        from nnport.frameworks.mxnet.reading.support_calls import support_call
        from nnport.frameworks.spec import code
        out = support_call(self, original, updated)   # the writer's helpers and idioms (F passed on)
        if out is not None:
            return out
        names = self.names(original.func)
        if self.sized and ("mxnet.ndarray.reshape" in names or code(updated.func) == "mxnet.ndarray.reshape"):
            updated = as_sizes(updated, self.sized[-1])   # F.reshape(x, s), s bound to sizes: (*s,)
        if names & {"mxnet.autograd.is_training"} and self.in_module:
            return cst.Attribute(cst.Name("self"), cst.Name("training"))
        f = updated.func
        if self.in_module and not updated.args and m.matches(f, m.Attribute(value=_SELF, attr=m.Name("data"))) \
                and f.value.attr.value in self.params[-1]:
            return f.value   # self.weight.data(): the parameter's value is the PyTorch parameter itself
        if m.matches(f, m.Attribute(value=m.Call(func=m.Name("super")), attr=m.Name("__init__"))):
            return updated.with_changes(args=_without(updated.args, _DROPPED_KW, stars=True))
        if any(n.startswith(("mxnet.gluon.nn.", "mxnet.gluon.rnn.")) for n in names):
            updated = self._recorded(original, updated)
            for a in updated.args:
                if a.keyword is not None and a.keyword.value == "params":
                    self.note(original, "params= (parameters shared with another block) is not translated: "
                              "the PyTorch module has its own; tie them by hand", api=sorted(names)[0])
            if any(a.keyword is not None and a.keyword.value in _DROPPED_KW for a in updated.args):
                return updated.with_changes(args=_without(updated.args, _DROPPED_KW))
        return updated

    def _recorded(self, original, call: cst.Call, names=None) -> cst.Call:
        """A block's recorded input shape (every instance made here agrees) or rank, as a keyword the
        readers take out (mxnet/reading/recorded.py): `_nnport_shape=(2, 16, 8, 8)`, `_nnport_rank=4`."""
        from nnport.frameworks.mxnet.reading.recorded import with_recorded
        from nnport.frameworks.mxnet.reading.tables import SOURCE
        if not any(n in SOURCE.layers for n in (names or self.names(original.func))):
            return call
        pos = self.get_metadata(PositionProvider, original, None)
        calls = self.facts["sites"].get((pos.start.line, pos.start.column)) if pos else None
        return with_recorded(call, calls) if calls else call

    def leave_Assign(self, original, updated):
        """self.w = self.params.get(...) -> self.w = mxnet.gluon.Parameter(<value>); self.c =
        self.params.get_constant(name, v) -> self.register_buffer(name, v); p.init = mx.init.X(...) ->
        the initializer called on the parameter (reading/initial.py); the writer's index_update (x[k] = v:
        reading/assignments.py)."""
        from nnport.frameworks.mxnet.reading.assignments import index_assignment
        from nnport.frameworks.mxnet.reading.initial import assigned, parameter_value
        out = index_assignment(self, original, updated) or self._parameter_list(original, updated)
        if out is not None:
            return out
        out = assigned(self, original, updated)
        if out is not None:
            self.wrote_mxnet = True
            return out
        if self.in_module and len(original.targets) == 1 and m.matches(original.targets[0].target, _SELF) and \
                m.matches(updated.value, m.Call(func=_PARAMS_GET)):
            self.wrote_mxnet = True
            attr = original.targets[0].target.attr.value
            return updated.with_changes(value=parameter_value(self, original, updated.value, (self.cls[-1], attr)))
        return updated

    def _parameter_list(self, original, updated):
        """self.gates = parameter_list(self, "gates", values): the ParameterList it stands for."""
        from nnport.frameworks.mxnet.reading.parameter_lists import HELPER, container
        from nnport.frameworks.mxnet.reading.support_calls import NAMESPACE
        from nnport.frameworks.spec import code
        value, target = updated.value, original.targets[0].target if len(original.targets) == 1 else None
        if not (self.plists and m.matches(target, _SELF) and target.attr.value in self.plists[-1]
                and isinstance(value, cst.Call) and code(value.func) in (HELPER, f"{NAMESPACE}.{HELPER}")):
            return None
        new = container(value, target.attr.value)
        return updated.with_changes(value=new) if new is not None else None

    # ---- statements: name_scope, Sequential.add ---------------------------------------------
    def leave_IndentedBlock(self, original, updated):
        body = []
        for s in updated.body:
            if m.matches(s, _NAME_SCOPE):
                inner = list(s.body.body)
                if inner:
                    inner[0] = inner[0].with_changes(leading_lines=[*s.leading_lines, *inner[0].leading_lines])
                body.extend(inner)
            else:
                body.append(s)
        body = self._collapse(body)
        return updated.with_changes(body=body)

    def _collapse(self, body: list) -> list:
        """`seq = nn.HybridSequential()` then `seq.add(...)` statements -> the constructor takes them;
        later adds (loops, branches) -> `seq.append(...)`; in a Sequential subclass self.add(...)."""
        out: list = []
        open_: dict[str, int] = {}   # target text -> index in out of its constructor
        for s in body:
            add = add_call(s)
            if add is not None:
                target, args = add
                key = cst.Module([]).code_for_node(target)
                if key in open_:
                    i = open_[key]
                    stmt = out[i]
                    call = stmt.body[0].value
                    new = [*_without(call.args, _DROPPED_KW), *args]
                    new = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in new]
                    call = call.with_changes(args=new)
                    if len(new) > 2:   # one element a line (call_sites.sequential_elements keeps it)
                        call = call.with_changes(whitespace_before_args=newline())
                    out[i] = stmt.with_changes(body=[stmt.body[0].with_changes(value=call)])
                    continue
            seq = self._sequential_assign(s)
            if seq is not None:
                open_[seq] = len(out)
                out.append(s)
                continue
            out.append(s)
            if not isinstance(s, cst.SimpleStatementLine) or add is not None:
                open_.clear()   # a loop or a branch: later adds are appends
        return out

    def _sequential_assign(self, s) -> str | None:
        if not (isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1 and isinstance(s.body[0], cst.Assign)):
            return None
        a = s.body[0]
        if len(a.targets) != 1 or not isinstance(a.value, cst.Call) or not (self.names(a.value.func) & _SEQ):
            return None
        return cst.Module([]).code_for_node(a.targets[0].target)

    def _appends(self, fn: cst.FunctionDef) -> cst.FunctionDef:
        """Remaining `x.add(a, b)` calls: `x.append(a); x.append(b)` (`self.add_module` in a Sequential
        subclass's __init__)."""
        own = bool(self.cls) and self.modules.get(self.cls[-1]) == "sequential" and fn.name.value == "__init__"
        return fn.with_changes(body=fn.body.visit(Appends(own, [0])))


def _param_attrs(cls: cst.ClassDef) -> set[str]:
    """Attributes a class assigns `self.params.get(...)` (or get_constant) to."""
    out = set()
    for node in m.findall(cls, m.Assign(targets=[m.AssignTarget(_SELF)], value=m.Call(func=_PARAMS_GET | _CONSTANT))):
        out.add(node.targets[0].target.attr.value)
    return out


def _without(args, names, stars: bool = False):
    keep = [a for a in args if not (a.keyword is not None and a.keyword.value in names) and not (stars and a.star == "**")]
    if keep:
        keep[-1] = keep[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return keep


def _uses(node, name: str) -> bool:
    return bool(m.findall(node, m.Name(name)))
