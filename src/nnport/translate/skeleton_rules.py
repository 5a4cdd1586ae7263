"""Skeleton rules: module classes, constructors, forward, containers, parameters and buffers.

What the source idiom is comes from `src.skeleton`, what to write from `dst.skeleton`.
"""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from nnport.frameworks.spec import Unsupported
from nnport.translate.emit import dotted

_SUPER_INIT = m.Call(func=m.Attribute(value=m.Call(func=m.Name("super")), attr=m.Name("__init__")))


def add_comments(stmt: cst.CSTNode, notes: list[str]) -> cst.CSTNode:
    seen, lines = set(), []
    for n in notes:
        if n not in seen:
            seen.add(n)
            lines.append(cst.EmptyLine(comment=cst.Comment(f"# nnport: {n}")))
    return stmt.with_changes(leading_lines=[*stmt.leading_lines, *lines])


def is_super_init(t, stmt: cst.SimpleStatementLine) -> bool:
    """A `super().__init__()` with nothing to pass: the target's module base needs no call."""
    if not t.in_module_class or len(stmt.body) != 1 or not isinstance(stmt.body[0], cst.Expr):
        return False
    if t.cur_class.container_base or getattr(t.dst.skeleton, "CALLS_SUPER_INIT", False):
        return False   # the target's base needs it (a Sequential's layers, keras.layers.Layer state)
    call = stmt.body[0].value
    if m.matches(call, _SUPER_INIT):
        return True
    # nn.Module.__init__(self)
    return isinstance(call, cst.Call) and m.matches(call.func, m.Attribute(attr=m.Name("__init__"))) and \
        bool(t.qnames(call.func.value) & set(t.src.skeleton.MODULE_BASES))


def module_class(t, facts, cls: cst.ClassDef, base_indices: list[int]) -> cst.ClassDef:
    """Base class -> the target's module base; the constructor gets what the class needs."""
    bases = list(cls.bases)
    sk = t.dst.skeleton
    base = sk.CONTAINERS[facts.container_base] if facts.container_base else \
        getattr(sk, "SUBMODULE_BASE", sk.MODULE_BASE) if facts.name in t.held_classes else sk.MODULE_BASE
    for i in base_indices:
        bases[i] = bases[i].with_changes(value=dotted(base))
    cls = cls.with_changes(bases=bases)
    seq = facts.self_container
    if seq is not None and seq.channels_last and isinstance(cls.body, cst.IndentedBlock):
        # a Sequential subclass computing channels-last keeps the source layout at its boundary
        move, forward = t.dst.skeleton.MOVE_AXIS, t.dst.skeleton.FORWARD
        out = f"super().{forward}({move}(x, 1, -1))"
        if seq.output_channels_last:
            out = f"{move}({out}, -1, 1)"
        call = cst.parse_statement(f"def {t.dst.skeleton.FORWARD}(self, x):\n    return {out}\n")
        call = call.with_changes(leading_lines=[cst.EmptyLine(indent=False)])
        cls = cls.with_changes(body=cls.body.with_changes(body=[*cls.body.body, call]))
    prologue = _init_prologue(t, t.class_needs.get(facts.name, set()))
    if not prologue or not isinstance(cls.body, cst.IndentedBlock):
        return cls
    body = list(cls.body.body)
    for k, stmt in enumerate(body):
        if isinstance(stmt, cst.FunctionDef) and stmt.name.value == "__init__" and \
                isinstance(stmt.body, cst.IndentedBlock):
            inner = list(stmt.body.body)
            i = 1 if inner and _is_docstring(inner[0]) else 0
            body[k] = stmt.with_changes(body=stmt.body.with_changes(body=inner[:i] + prologue + inner[i:]))
            return cls.with_changes(body=cls.body.with_changes(body=body))
    extra = t.dst.skeleton.INIT_EXTRA_PARAM
    init = cst.parse_statement("def __init__(self%s):\n    pass\n" % (", *, %s: %s" % extra if extra else ""))
    init = init.with_changes(body=init.body.with_changes(body=prologue))
    i = 1 if body and _is_docstring(body[0]) else 0
    if i < len(body) and not body[i].leading_lines:
        body[i] = body[i].with_changes(leading_lines=[cst.EmptyLine(indent=False)])
    return cls.with_changes(body=cls.body.with_changes(body=body[:i] + [init] + body[i:]))


def _init_prologue(t, needs: set[str]) -> list[cst.BaseStatement]:
    out = []
    if "training" in needs and t.dst.skeleton.TRAINING_FLAG_INIT:
        out.append(cst.parse_statement(t.dst.skeleton.TRAINING_FLAG_INIT))
    if "rngs" in needs and t.dst.skeleton.RNGS:
        out.append(cst.parse_statement(f"self.rngs = {t.dst.skeleton.RNGS}"))
    return out


def method(t, name: str, fn: cst.FunctionDef) -> cst.FunctionDef:
    sk = t.dst.skeleton
    cls = t.cur_class
    if name == t.src.skeleton.FORWARD:
        fn = fn.with_changes(name=cst.Name(sk.FORWARD))
        if getattr(sk, "TRAINING_PARAM", None):
            fn = _add_keyword(fn, sk.TRAINING_PARAM, "None")
    elif name in t.training_methods.get(cls.name, ()):
        fn = _add_keyword(fn, sk.TRAINING_PARAM, "None")
    if name == "__init__":
        fn = add_rngs_param(t, fn)
    elif f"{cls.name}.{name}" in t.builders:
        fn = add_rngs_param(t, fn)
    return fn


def _is_docstring(stmt) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and isinstance(stmt.body[0], cst.Expr) and \
        isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString))


def _add_keyword(fn: cst.FunctionDef, name: str, default: str) -> cst.FunctionDef:
    """`def f(self, x)` -> `def f(self, x, name=default)` (unless f has that parameter or **kwargs)."""
    params = fn.params
    if any(p.name.value == name for p in [*params.posonly_params, *params.params, *params.kwonly_params]):
        return fn
    new = cst.Param(cst.Name(name), default=cst.parse_expression(default),
                    equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")))
    if isinstance(params.star_arg, cst.Param) or params.kwonly_params:
        return fn.with_changes(params=params.with_changes(kwonly_params=[*params.kwonly_params, new]))
    plist = list(params.params)
    if plist and not isinstance(plist[-1].comma, cst.MaybeSentinel):
        plist[-1] = plist[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return fn.with_changes(params=params.with_changes(params=[*plist, new]))


def add_rngs_param(t, fn: cst.FunctionDef) -> cst.FunctionDef:
    if t.dst.skeleton.INIT_EXTRA_PARAM is None:
        return fn
    pname, ann = t.dst.skeleton.INIT_EXTRA_PARAM
    params = fn.params
    if any(p.name.value == pname for p in [*params.params, *params.kwonly_params]):
        return fn
    new = cst.Param(cst.Name(pname), annotation=cst.Annotation(cst.parse_expression(ann)))
    star = params.star_arg
    if isinstance(star, cst.MaybeSentinel):
        star = cst.ParamStar()
    kwonly = list(params.kwonly_params)
    kwonly.append(new)
    plist = list(params.params)
    if plist and not isinstance(plist[-1].comma, cst.MaybeSentinel):
        plist[-1] = plist[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return fn.with_changes(params=params.with_changes(params=plist, star_arg=star, kwonly_params=kwonly))


def rngs_expr(t) -> cst.BaseExpression:
    """The Rngs object in scope: the constructor's parameter, or the one a module kept."""
    if t.func == "__init__" or t.in_builder:
        return cst.Name(t.dst.skeleton.RNGS)
    if t.in_module_class:
        t.class_needs.setdefault(t.cur_class.name, set()).add("rngs")
        return cst.parse_expression(f"self.{t.dst.skeleton.RNGS}")
    stream = getattr(t.dst.skeleton, "GLOBAL_RNGS", None)
    if stream is None:
        raise Unsupported("random numbers outside a module need an explicit key")
    name, definition = stream   # the source's global generator: one module-level stream
    t.ctx.need_helper(name, definition)
    return cst.Name(name)


def with_rngs(t, call: cst.Call) -> cst.Call:
    if t.dst.skeleton.INIT_EXTRA_PARAM is None or getattr(t.dst.skeleton, "RNGS", None) is None:
        return call   # the target's random numbers need no object passed around
    rngs = rngs_expr(t)
    args = list(call.args)
    if any(a.keyword is not None and a.keyword.value == t.dst.skeleton.RNGS for a in args):
        return call
    if args and isinstance(args[-1].comma, cst.Comma):
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    eq = cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))
    args.append(cst.Arg(rngs, keyword=cst.Name(t.dst.skeleton.RNGS), equal=eq))
    return call.with_changes(args=args)


def layer_built(t, target, out: cst.BaseExpression) -> cst.BaseExpression:
    if isinstance(out, cst.Call) and t.dst.skeleton.layer_extra_kwargs(
            None if target.signature == "*args, **kwargs" else target.signature):
        return with_rngs(t, out)
    return out


def user_call(t, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
    """Calls to the file's own module classes and layer-building helpers pass the Rngs on."""
    f = original.func
    if isinstance(f, cst.Name):
        cls = t.classes.get(f.value)
        if cls is not None and cls.is_module and cls.has_init or f.value in t.builders or \
                cls is None and f.value in t.ctx.known_modules:
            return with_rngs(t, updated)
    elif m.matches(f, m.Attribute(value=m.Name("self"), attr=m.Name())) and t.cur_class is not None:
        if f"{t.cur_class.name}.{f.attr.value}" in t.builders:
            return with_rngs(t, updated)
    return updated


def container(t, kind: str, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
    target = t.dst.skeleton.CONTAINERS.get(kind)
    if target is None:
        raise Unsupported(f"no {t.dst.name} container for {kind}")
    args = [t.layouts.deep_source(a) for a in updated.args]
    if kind == "sequential" and getattr(t.src.skeleton, "SEQUENTIAL_TAKES_LIST", False) and len(args) == 1 \
            and isinstance(args[0].value, (cst.List, cst.Tuple)):   # keras.Sequential([a, b])
        args = [cst.Arg(e.value, star="*" if isinstance(e, cst.StarredElement) else "")
                for e in args[0].value.elements]   # keras.Sequential([*block(), ...]): still spread
        hook = getattr(t.src.skeleton, "sequential_elements", None)
        if hook is not None:
            args = hook(t, original, args)
    elif kind == "sequential" and not getattr(t.src.skeleton, "SEQUENTIAL_TAKES_LIST", False) and \
            getattr(t.src.skeleton, "sequential_elements", None) is not None:   # Gluon's Sequential(a, b)
        args = t.src.skeleton.sequential_elements(t, original, args)
    elif kind == "module_list" and getattr(t.src.skeleton, "list_elements", None) is not None:
        args = t.src.skeleton.list_elements(t, original, args)   # nnx.List([jax.nn.relu, ...])
    if kind == "sequential" and len(args) == 1 and isinstance(args[0].value, cst.Call) and \
            t.qnames(original.args[0].value.func) & {"collections.OrderedDict"}:
        raise Unsupported("Sequential(OrderedDict(...)) is not supported yet")
    if hasattr(t.dst.skeleton, "container"):
        return t.dst.skeleton.container(kind, args)
    return updated.with_changes(func=dotted(target), args=args)


def parameter(t, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
    rename = getattr(t.src.skeleton, "PARAMETER_RENAME", {})   # the source's keywords, canonical
    if rename:
        updated = updated.with_changes(args=[a.with_changes(keyword=cst.Name(rename[a.keyword.value]))
                                             if a.keyword is not None and a.keyword.value in rename else a
                                             for a in updated.args])
    if getattr(t.dst.skeleton, "PARAMETER_TAKES_REQUIRES_GRAD", False):
        return updated.with_changes(func=dotted(t.dst.skeleton.PARAMETER))
    args = [a for a in updated.args if not (a.keyword and a.keyword.value == "requires_grad")]
    frozen = any(a.keyword and a.keyword.value == "requires_grad" and
                 m.matches(a.value, m.Name("False")) for a in updated.args)
    args = [a.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT) if a.keyword and
            a.keyword.value == "data" else a for a in args]
    if not args:
        raise Unsupported("nn.Parameter() without a value")
    return t.dst.skeleton.variable(args[0].value, trainable=not frozen)


def register(t, method: str, call: cst.Call) -> cst.BaseSmallStatement:
    """self.register_buffer("name", value) -> self.name = <buffer>(value)."""
    if len(call.args) < 2 or not isinstance(call.args[0].value, cst.SimpleString):
        raise Unsupported(f"{method} needs a literal name and a value")
    name = call.args[0].value.evaluated_value
    value = call.args[1].value
    written = getattr(t.dst.skeleton, "register_statement", None)   # a target with registration calls
    if written is not None:
        kind = "buffer" if method == t.src.skeleton.BUFFER_METHOD else "parameter"
        return written(kind, call.args[0].value, value, list(call.args[2:]))
    if method == t.src.skeleton.BUFFER_METHOD:
        if m.matches(value, m.Name("None")):
            new_value = value
        else:
            new_value = t.dst.skeleton.variable(value, trainable=False)
    else:
        new_value = value
    target = cst.Attribute(cst.Name("self"), cst.Name(name))
    return cst.Assign([cst.AssignTarget(target)], new_value)


def super_init(t, original: cst.Call, updated: cst.Call) -> cst.Call | None:
    """`super().__init__(a, b)` of a container subclass, in the form the target's container takes."""
    hook = getattr(t.dst.skeleton, "sequential_init", None)
    if hook is None or not t.in_module_class or not t.cur_class.container_base or \
            not m.matches(original, _SUPER_INIT):
        return None
    return updated.with_changes(args=hook([t.layouts.deep_source(a) for a in updated.args]))


def list_container(t, attr, value: cst.BaseExpression) -> cst.BaseExpression:
    """`self.blocks = [Block(), ...]` where the source tracks plain lists: the target's ModuleList
    (a list or dict literal inside, such an element itself: a ModuleDict in a ModuleList)."""
    value = _nested_literals(t, attr, value)
    if hasattr(t.dst.skeleton, "container"):
        return t.dst.skeleton.container(attr.container, [cst.Arg(value)])
    return cst.Call(dotted(t.dst.skeleton.CONTAINERS[attr.container]), [cst.Arg(value)])


def _nested_literals(t, attr, value: cst.BaseExpression) -> cst.BaseExpression:
    literal = (cst.List, cst.Tuple, cst.Dict)
    if not isinstance(value, literal) or len(value.elements) != len(attr.elements):
        return value
    out = []
    for e, a in zip(value.elements, attr.elements):
        inner = e.value
        if isinstance(inner, (*literal, cst.ListComp, cst.DictComp)) and a.kind == "container" and a.call is None:
            e = e.with_changes(value=list_container(t, a, inner))
        out.append(e)
    return value.with_changes(elements=out)


def appended_literal(t, original: cst.Call, updated: cst.Call) -> cst.Call | None:
    """`self.blocks.append({...})` of a list the source tracks: the literal appended is the target's
    container, as `self.blocks = [...]` writes it."""
    if not (t.in_module_class and m.matches(original.func, m.Attribute(
            value=m.Attribute(value=m.Name("self")), attr=m.Name("append"))) and len(updated.args) == 1):
        return None
    attr = t.self_attr(original.func.value)
    if attr is None or attr.kind != "container" or attr.call is not None or not attr.elements:
        return None
    value, element = updated.args[0].value, attr.elements[-1]
    if isinstance(value, (cst.List, cst.Tuple, cst.Dict, cst.ListComp, cst.DictComp)) and \
            element.kind == "container" and element.call is None:
        return updated.with_changes(args=[updated.args[0].with_changes(value=list_container(t, element, value))])
    return None


def held_classes(classes) -> set[str]:
    """The module classes of the file that another class holds as a submodule."""
    out: set[str] = set()

    def walk(attr):
        if attr.kind == "user" and attr.user_class:
            out.add(attr.user_class)
        for e in attr.elements:
            walk(e)
    for facts in classes.values():
        for attr in facts.attrs.values():
            walk(attr)
        if facts.self_container is not None:
            walk(facts.self_container)
    return out


def training_keyword(t, call: cst.Call) -> cst.Call:
    """A submodule called in forward (or in a method given the flag) gets it (`training=training`)."""
    param = getattr(t.dst.skeleton, "TRAINING_PARAM", None)
    if param is None or not t.has_training or any(a.keyword is not None and a.keyword.value == param
                                                 for a in call.args) or any(a.star for a in call.args):
        return call
    args = list(call.args)
    if args and isinstance(args[-1].comma, cst.Comma):
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    eq = cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))
    return call.with_changes(args=[*args, cst.Arg(cst.Name(param), keyword=cst.Name(param), equal=eq)])


def training_flag(t) -> cst.BaseExpression:
    param = getattr(t.dst.skeleton, "TRAINING_PARAM", None)
    if param is not None:
        if not t.has_training:
            raise Unsupported(f"self.training outside forward: {t.dst.name} passes `{param}` to "
                              f"{t.dst.skeleton.FORWARD}() only; pass it on by hand")
        return cst.Name(param)
    t.class_needs.setdefault(t.cur_class.name, set()).add("training")
    return cst.parse_expression(t.dst.skeleton.TRAINING_EXPR)
