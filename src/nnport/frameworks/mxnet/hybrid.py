"""The Gluon skeleton's last touch on the text (`finish`): what needs the whole translated file.

- marks the engine left: `self.w = __nnport_parameter__(v)` -> `self.w = self.params.get("w", ...)`;
  `self.seq = __nnport_container__("sequential", a, b)` -> `nn.HybridSequential()` then `.add(a, b)`
  (elsewhere the helper `hybrid_sequential(a, b)`); a ParameterList assigned to `self.ws` ->
  `parameter_list(self, "ws", values)` (numbered parameters ws0, ws1..., read in hybrid_forward from
  its `**params`); `super().__init__(__nnport_add__(a, b))` of a
  Sequential subclass -> `super().__init__()` then `self.add(a, b)`;
- hybrid or imperative, per class (modes.py): a class whose forward can be traced symbolically gets
  `hybrid_forward(self, F, x, <its parameters>)`, reading its parameters as those arguments; one that
  needs concrete arrays (it reads a shape, writes into a tensor, asks autograd.is_training()...) is an
  imperative `gluon.Block` with `forward` and `nd.*`, and a note says why;
- a forward's mask arguments cast to 1/0 floats first (bool_inputs.py);
- a BatchNorm called more than once per forward: support/norm.py's CallOrderBatchNorm, which updates
  its running statistics per call, the classes calling and holding it imperative (shared_norms.py);
- the container helpers the text calls (support/containers.py), defined after its imports.
"""
from __future__ import annotations

import functools

import libcst as cst
import libcst.matchers as m

from nnport.frameworks.mxnet import block_calls, bool_inputs, modes, shared_norms
from nnport.frameworks.mxnet.reshape_codes import codes_from_names
from nnport.frameworks.mxnet.support import SUPPORT
from nnport.translate.names import names_in

PARAM, CONTAINER, ADD = "__nnport_parameter__", "__nnport_container__", "__nnport_add__"
_EQ = cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))
_SELF_ATTR = m.Attribute(value=m.Name("self"), attr=m.Name())


def finish(text: str) -> tuple[str, set[str], list[tuple[str | None, str]]]:
    """The text, the names it binds itself (none), and notes [(class, message)]."""
    module = cst.parse_module(text).visit(_Marks())
    calls = block_calls.Positional(module)   # self.rope(x, seq_len=n) -> self.rope(x, n)
    module = module.visit(calls)
    module, forced = shared_norms.per_call(module)   # a BatchNorm called twice: CallOrderBatchNorm
    if forced:
        module = _unused_support_dropped(_with_support(module, "norm", shared_norms.HELPER))
    support = _support_names(module)
    module = bool_inputs.cast_masks(module, support)   # a mask argument as 1/0 floats
    module = codes_from_names(module, support)   # b, c = x.shape; F.reshape(x, (b, c, -1)) -> (0, 0, -1)
    p = modes.plan(module, support, forced)
    names = {c.name.value: _param_names(c) for c in module.body if isinstance(c, cst.ClassDef)}
    module = module.visit(modes.Rewrite(p, lambda fn, cls: _hybrid_forward(fn, names.get(cls, []))))
    notes = [(cls, "written as an imperative gluon.Block (it will not hybridize): " + "; ".join(why))
             for cls, why in p.imperative.items()] + calls.problems
    return _with_helpers(module).code, set(), notes


@functools.lru_cache(maxsize=None)
def _support_texts() -> frozenset[str]:
    return frozenset(d.strip() for path in sorted(SUPPORT.folder.glob("*.py"))
                     for d in SUPPORT.definitions(path.stem).values())


def _support_names(module: cst.Module) -> frozenset[str]:
    """Top-level definitions copied from support/ (helpers a table asked for): written for Gluon already."""
    return frozenset(s.name.value for s in module.body if isinstance(s, (cst.ClassDef, cst.FunctionDef))
                     and module.code_for_node(s.with_changes(leading_lines=[])).strip() in _support_texts())


# ---- marks ------------------------------------------------------------------------------------

def _is_mark(node, name: str) -> bool:
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == name


def _kw(name: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(value, keyword=cst.Name(name), equal=_EQ)


class _Marks(cst.CSTTransformer):
    """Parameters and containers written out, now that the attribute each is assigned to is known."""

    def __init__(self):
        super().__init__()
        self.assigned: set[int] = set()   # marks that are the value of `self.x = ...` (written whole)

    def visit_Assign(self, node):
        if len(node.targets) == 1 and m.matches(node.targets[0].target, _SELF_ATTR):
            self.assigned.add(id(node.value))
            if _is_mark(node.value, CONTAINER) and node.value.args[0].value.evaluated_value not in _NOT_SEQUENCES:
                self.sequences.add(node.targets[0].target.attr.value)
            if _is_mark(node.value, CONTAINER) and node.value.args[0].value.evaluated_value == "param_list":
                self.param_lists.add(node.targets[0].target.attr.value)

    sequences: set = set()
    param_lists: set = set()

    def visit_Module(self, node):
        self.sequences = set()   # attributes holding a HybridSequential: append/extend are add
        self.param_lists = set()   # attributes holding a ParameterList

    def leave_For(self, original, updated):
        """`for w in self.ws` of a ParameterList: over the arrays, `self.ws[k].data()` (in hybrid_forward
        their keyword arguments)."""
        if m.matches(updated.iter, _SELF_ATTR) and updated.iter.attr.value in self.param_lists:
            arrays = cst.parse_expression(f"[self.{updated.iter.attr.value}[k].data() for k in range(len(self."
                                          f"{updated.iter.attr.value}))]")
            return updated.with_changes(iter=arrays)
        return updated

    def leave_SimpleStatementLine(self, original, updated):
        adds = _adds(original)
        if adds is not None:   # super().__init__(__nnport_add__(a, b)) -> super().__init__(); self.add(a, b)
            call = updated.body[0].value
            add = cst.Call(cst.parse_expression("self.add"), _adds(updated))
            return cst.FlattenSentinel([updated.with_changes(body=[cst.Expr(call.with_changes(args=[]))]),
                                        cst.SimpleStatementLine([cst.Expr(add)])])
        if len(updated.body) != 1 or not isinstance(updated.body[0], cst.Assign):
            return updated
        stmt = updated.body[0]
        if len(stmt.targets) != 1 or not m.matches(stmt.targets[0].target, _SELF_ATTR):
            return updated
        target, value = stmt.targets[0].target, stmt.value
        if _is_mark(value, PARAM):
            return cst.FlattenSentinel(_parameter(target, value, updated))
        if _is_mark(value, CONTAINER) and value.args[0].value.evaluated_value == "param_list":
            return updated.with_changes(body=[stmt.with_changes(value=_parameter_list(target, value))])
        if _is_mark(value, CONTAINER) and value.args[0].value.evaluated_value != "module_dict":
            new = [updated.with_changes(body=[stmt.with_changes(value=cst.parse_expression("nn.HybridSequential()"))])]
            if len(value.args) > 1 and _unpacked(value) and not (
                    isinstance(value.args[1].value, (cst.List, cst.Tuple)) and not value.args[1].value.elements):
                add = cst.Call(cst.Attribute(target, cst.Name("add")), _unpacked(value))
                new.append(cst.SimpleStatementLine([cst.Expr(add)]))
            return cst.FlattenSentinel(new)
        return updated

    def leave_Call(self, original, updated):
        f = updated.func
        if m.matches(f, m.Attribute(value=_SELF_ATTR, attr=m.Name("append") | m.Name("extend"))) and \
                f.value.attr.value in self.sequences:   # ModuleList.append(b) -> HybridSequential.add(b)
            args = [a.with_changes(star="*") if f.attr.value == "extend" else a for a in updated.args]
            return updated.with_changes(func=f.with_changes(attr=cst.Name("add")), args=args)
        if _is_mark(updated, CONTAINER):
            kind = updated.args[0].value.evaluated_value
            if kind == "module_dict":
                return updated.with_changes(func=cst.Name("HybridBlockDict"), args=[
                    a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in updated.args[1:]])
            if kind == "param_list" and id(original) not in self.assigned:   # a list of free parameters
                return updated.args[1].value if len(updated.args) == 2 else updated
            if id(original) in self.assigned:
                return updated
            return updated.with_changes(func=cst.Name("hybrid_sequential"), args=_unpacked(updated))
        if _is_mark(updated, PARAM) and id(original) not in self.assigned:   # not assigned to an attribute: its name is unknown
            return updated.with_changes(func=cst.Name("free_parameter"))
        return updated


_NOT_SEQUENCES = ("module_dict", "param_list")


def _parameter_list(target: cst.Attribute, mark: cst.Call) -> cst.BaseExpression:
    """ParameterList(values) assigned to self.ws -> parameter_list(self, "ws", values): numbered
    parameters self.ws0, self.ws1... (support/containers.py); the values' free_parameter(v) marks
    are the values themselves."""
    name = target.attr.value
    values = mark.args[1].value if len(mark.args) == 2 and not mark.args[1].star else None
    frozen = []

    def bare(e):   # free_parameter(v) / free_parameter(v, grad_req='null') -> v
        if not _is_mark(e, "free_parameter") or not e.args or e.args[0].keyword is not None or len(e.args) > 2:
            return None
        frozen.append(len(e.args) == 2)
        return e.args[0].value.with_changes(lpar=[], rpar=[])
    elts = [values.elt] if isinstance(values, cst.ListComp) else \
        [e.value for e in values.elements] if isinstance(values, (cst.List, cst.Tuple)) else []
    bares = [bare(e) for e in elts]
    if not elts or None in bares:
        frozen.clear()
    elif isinstance(values, cst.ListComp):
        values = values.with_changes(elt=bares[0])
    else:
        values = values.with_changes(elements=[e.with_changes(value=b) for e, b in zip(values.elements, bares)])
    args = [cst.Arg(cst.Name("self")), cst.Arg(cst.SimpleString(f'"{name}"')),
            cst.Arg(values if values is not None else cst.List([]))]
    if any(frozen):   # requires_grad=False: 'null', for all or per element
        req = cst.SimpleString("'null'") if all(frozen) else \
            cst.List([cst.Element(cst.SimpleString("'null'" if f else "'write'")) for f in frozen])
        args.append(_kw("grad_req", req))
    return cst.Call(cst.Name("parameter_list"), args)


def _adds(stmt) -> list[cst.Arg] | None:
    if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr):
        call = stmt.body[0].value
        if isinstance(call, cst.Call) and len(call.args) == 1 and _is_mark(call.args[0].value, ADD):
            return [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in call.args[0].value.args]
    return None


def _unpacked(mark: cst.Call) -> list[cst.Arg]:
    """The layers of a container mark: Sequential(a, b) -> a, b; ModuleList([a, b]) -> a, b;
    ModuleList(comprehension or name) -> *it."""
    kind, args = mark.args[0].value.evaluated_value, mark.args[1:]
    if kind == "module_list" and len(args) == 1 and not args[0].star:
        v = args[0].value
        if isinstance(v, (cst.List, cst.Tuple)):
            return [cst.Arg(e.value, star="*" if isinstance(e, cst.StarredElement) else "") for e in v.elements]
        return [cst.Arg(v, star="*")]
    return [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args]


_CONSTANT_INITS = {"nd.zeros": "mx.init.Zero()", "F.zeros": "mx.init.Zero()",
                   "nd.ones": "mx.init.One()", "F.ones": "mx.init.One()"}


def _parameter(target: cst.Attribute, mark: cst.Call, line) -> list[cst.BaseStatement]:
    """`self.w = self.params.get("w", shape=..., init=...)`: zeros/ones of a shape by their
    initializer, any other value through a local `w_init` given as a Constant."""
    name = target.attr.value
    value, rest = mark.args[0].value, [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in mark.args[1:]]
    head = [cst.Arg(cst.SimpleString(f'"{name}"'))]
    fn = cst.Module([]).code_for_node(value.func) if isinstance(value, cst.Call) else None
    if fn in _CONSTANT_INITS and len(value.args) == 1 and value.args[0].keyword is None:
        args = [*head, _kw("shape", value.args[0].value), _kw("init", cst.parse_expression(_CONSTANT_INITS[fn])), *rest]
        get = cst.Call(cst.parse_expression("self.params.get"), args)
        return [line.with_changes(body=[cst.Assign([cst.AssignTarget(target)], get)])]
    pre = []
    if not isinstance(value, cst.Name):
        local = cst.Name(f"{name}_init")
        pre = [line.with_changes(body=[cst.Assign([cst.AssignTarget(local)], value)])]
        value = local
    args = [*head, _kw("shape", cst.Attribute(value, cst.Name("shape"))),
            _kw("init", cst.Call(cst.parse_expression("mx.init.Constant"), [cst.Arg(value)])), *rest]
    get = cst.Call(cst.parse_expression("self.params.get"), args)
    return pre + [cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(target)], get)])]


# ---- hybrid: hybrid_forward(self, F, x, <parameters>) ----------------------------------------------

def _param_names(cls: cst.ClassDef) -> list[str]:
    """Attributes a class assigns `self.params.get(...)` / `self.params.get_constant(...)`; a name the
    class may also set to None (`self.bias = None` on another branch) ends with "=None"."""
    found: list[str] = []
    nones: set[str] = set()

    class V(cst.CSTVisitor):
        def visit_Assign(self, node):
            v = node.value
            if isinstance(v, cst.Call) and m.matches(v.func, m.Attribute(
                    value=m.Attribute(value=m.Name("self"), attr=m.Name("params")),
                    attr=m.Name("get") | m.Name("get_constant"))):
                for t in node.targets:
                    if m.matches(t.target, _SELF_ATTR) and t.target.attr.value not in found:
                        found.append(t.target.attr.value)
            elif isinstance(v, cst.Call) and m.matches(v.func, m.Name("parameter_list")):
                found.extend(f"{t.target.attr.value}[]" for t in node.targets if m.matches(t.target, _SELF_ATTR))
            elif m.matches(v, m.Name("None")):
                nones.update(t.target.attr.value for t in node.targets if m.matches(t.target, _SELF_ATTR))
    cls.visit(V())
    return [f"{n}=None" if n in nones else n for n in found]


def _hybrid_forward(fn: cst.FunctionDef, names: list[str]) -> cst.FunctionDef:
    optional = {n[:-5] for n in names if n.endswith("=None")}
    lists = {n[:-2] for n in names if n.endswith("[]")}
    names = [n[:-5] if n.endswith("=None") else n for n in names if not n.endswith("[]")]
    fn = fn.visit(_Reads(names, lists, _rest_name(fn)))
    params = fn.params
    if lists and not isinstance(params.star_kwarg, cst.Param):   # the numbered parameters: **params
        fn = fn.with_changes(params=params.with_changes(star_kwarg=cst.Param(cst.Name(_rest_name(fn)))))
        params = fn.params
    plist = list(params.params)
    f_param = cst.Param(cst.Name("F"))
    plist = plist[:1] + [f_param] + plist[1:]
    eq = cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))
    extra = [cst.Param(cst.Name(n), default=cst.Name("None"), equal=eq) if n in optional else cst.Param(cst.Name(n))
             for n in names]
    kwonly = list(params.kwonly_params)
    required_after_optional = any(a.default is not None and b.default is None for a, b in zip(extra, extra[1:]))
    if any(p.default is not None for p in plist) or params.star_arg != cst.MaybeSentinel.DEFAULT or kwonly or \
            required_after_optional:
        star = params.star_arg if isinstance(params.star_arg, cst.Param) else (cst.ParamStar() if extra else params.star_arg)
        kwonly += extra
        plist = [p.with_changes(comma=cst.MaybeSentinel.DEFAULT) for p in plist]
        return fn.with_changes(params=params.with_changes(params=plist, star_arg=star, kwonly_params=kwonly))
    plist = [p.with_changes(comma=cst.MaybeSentinel.DEFAULT) for p in plist + extra]
    return fn.with_changes(params=params.with_changes(params=plist))


def _rest_name(fn: cst.FunctionDef) -> str:
    """The name of hybrid_forward's **keyword argument that takes a ParameterList's parameters."""
    star = fn.params.star_kwarg
    return star.name.value if isinstance(star, cst.Param) else "params"


class _Reads(cst.CSTTransformer):
    """self.w.data() -> w (its keyword argument); self.ws[i].data() of a ParameterList -> params[f"ws{i}"]."""

    def __init__(self, names, lists, rest: str):
        super().__init__()
        self.names, self.lists, self.rest = names, lists, rest

    def leave_Call(self, original, updated):
        f = updated.func
        if updated.args or not m.matches(f, m.Attribute(attr=m.Name("data"))):
            return updated
        if m.matches(f.value, _SELF_ATTR) and f.value.attr.value in self.names:
            return cst.Name(f.value.attr.value)
        if m.matches(f.value, m.Subscript(value=_SELF_ATTR)) and f.value.value.attr.value in self.lists and \
                len(f.value.slice) == 1 and isinstance(f.value.slice[0].slice, cst.Index):
            index, name = f.value.slice[0].slice.value, f.value.value.attr.value
            i = cst.Module([]).code_for_node(index)
            if m.matches(index, m.UnaryOperation(operator=m.Minus(), expression=m.Integer())):   # ws[-1]
                i = f"len(self.{name}) - {index.expression.value}"
            key = f'"{name}{i}"' if isinstance(index, cst.Integer) else f'f"{name}{{{i}}}"' if '"' not in i \
                else f"'{name}' + str({i})"
            return cst.parse_expression(f"{self.rest}[{key}]")
        return updated


# ---- helpers the text names ---------------------------------------------------------------------

HELPERS = ("hybrid_sequential", "sequential", "HybridBlockDict", "BlockDict", "free_parameter", "parameter_list",
           "iter_blocks")


def _with_helpers(module: cst.Module) -> cst.Module:
    """The container helpers the text calls, defined after its imports."""
    used = _called_names(module)
    return _with_support(module, "containers", *(n for n in HELPERS if n in used))


def _with_support(module: cst.Module, stem: str, *wanted: str) -> cst.Module:
    """Definitions `wanted` of support/<stem>.py (and those they use, first), after the imports."""
    if not wanted:
        return module
    defs, seen = [], set()
    for name in wanted:
        for d in (*SUPPORT.uses(stem, name), name):
            if d not in seen:
                seen.add(d)
                defs.append(SUPPORT.definitions(stem)[d])
    helpers = cst.parse_module("\n\n\n".join(defs) + "\n")
    body = list(module.body)
    i = 0
    while i < len(body) and isinstance(body[i], cst.SimpleStatementLine) and all(
            isinstance(s, (cst.Import, cst.ImportFrom)) or (i == 0 and isinstance(s, cst.Expr)) for s in body[i].body):
        i += 1
    two = [cst.EmptyLine(indent=False), cst.EmptyLine(indent=False)]
    new = [s.with_changes(leading_lines=two) for s in helpers.body]
    return module.with_changes(body=body[:i] + new + body[i:])


def _unused_support_dropped(module: cst.Module) -> cst.Module:
    """Without the support definitions nothing else in the file names any more (BatchNorm, once each
    of its constructions is a CallOrderBatchNorm)."""
    while True:
        support = _support_names(module)
        body = list(module.body)
        for k, s in enumerate(body):
            if isinstance(s, (cst.ClassDef, cst.FunctionDef)) and s.name.value in support and \
                    s.name.value not in names_in(module.with_changes(body=body[:k] + body[k + 1:])):
                module = module.with_changes(body=body[:k] + body[k + 1:])
                break
        else:
            return module


def _called_names(module: cst.Module) -> set[str]:
    out: set[str] = set()

    class V(cst.CSTVisitor):
        def visit_Name(self, node):
            out.add(node.value)
    module.visit(V())
    return out

