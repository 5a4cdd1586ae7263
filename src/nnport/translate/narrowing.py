"""What a name holds inside `isinstance(m, nn.Conv2d)` and class-name tests, and the module loops
that use such tests to initialise weights (`for m in self.modules()`, `self.apply(init_fn)`).

Inside `if isinstance(m, nn.Conv2d):` the name `m` is known to be that layer, so `m.weight` reads
and initialisers translate as they do for `self.conv.weight`. A class-name test
(`m.__class__.__name__.find("Conv") != -1`) is evaluated, statically, for every layer class the
file builds; the classes it accepts narrow `m` the same way, and the test becomes an isinstance of
their translations. Anything that cannot be decided this way is reported, never guessed.
"""
from __future__ import annotations

import ast

import libcst as cst
import libcst.matchers as m

from nnport.frameworks.spec import Unsupported, code
from nnport.translate import reading
from nnport.translate.emit import dotted
from nnport.translate.facts import Attr

_STR_METHODS = frozenset({"find", "rfind", "startswith", "endswith", "lower", "upper", "count",
                          "index"})


class _NotStatic(Exception):
    pass


def narrowed(name: str, entries: list) -> Attr:
    return Attr("layer", entry=entries[0], alternatives=tuple(entries))


def isinstance_test(t, test: cst.BaseExpression) -> tuple[str, list] | None:
    """`isinstance(m, nn.Conv2d)` or `isinstance(m, (nn.BatchNorm2d, nn.GroupNorm))`: (name, entries)."""
    if not (m.matches(test, m.Call(func=m.Name("isinstance"))) and len(test.args) == 2 and
            isinstance(test.args[0].value, cst.Name)):
        return None
    entries = _layer_entries(t, test.args[1].value)
    return (test.args[0].value.value, entries) if entries else None


def _layer_entries(t, classes: cst.BaseExpression) -> list:
    nodes = [e.value for e in classes.elements] if isinstance(classes, cst.Tuple) else [classes]
    out = []
    for node in nodes:
        entry = next((t.src.layers.get(n) for n in sorted(t.qnames(node)) if n in t.src.layers), None)
        if entry is None:
            return []
        out.append(entry)
    return out


def translate_isinstance(t, original: cst.Call, updated: cst.Call) -> cst.BaseExpression | None:
    """isinstance(x, <source layer classes>) -> isinstance(x, <the classes their translations build>)."""
    if not (m.matches(original.func, m.Name("isinstance")) and len(original.args) == 2):
        return None
    entries = _layer_entries(t, original.args[1].value)
    if not entries:
        return None
    classes = target_classes(t, entries)
    return updated.with_changes(args=[updated.args[0], cst.Arg(classes)])


def target_classes(t, entries: list) -> cst.BaseExpression:
    """The target classes of `entries`, refusing when they would also match another layer the file
    builds (Conv1d and Conv2d are both nnx.Conv)."""
    names, apis = [], {e.api for e in entries}
    for e in entries:
        for name in _classes_of(t, e):
            if name not in names:
                names.append(name)
    subclass = getattr(t.src.skeleton, "subclass_of", None)
    for other in sorted(t.constructed - apis):
        if subclass is not None and any(subclass(other, api) for api in apis):
            continue   # its instances pass the source's isinstance too: the same answer
        entry = t.src.layers.get(other)
        try:
            clash = bool(set(_classes_of(t, entry)) & set(names))
        except Unsupported:
            continue
        if clash:
            raise Unsupported(f"isinstance: {other} and {', '.join(sorted(apis))} translate to the same "
                              f"{t.dst.name} class; tell them apart by hand")
    if len(names) == 1:
        return dotted(names[0])
    return cst.Tuple([cst.Element(dotted(n)) for n in names])


def _classes_of(t, entry) -> list[str]:
    """The target classes a source layer class may be: one, or where the source class takes any rank
    (Gluon's nn.BatchNorm) and the target has a class per rank (nn.BatchNorm1d/2d/3d), each of those."""
    if "ndim" in entry.fixed:
        return [_class_of(t, entry)]
    ranked = [e for e in t.dst.layers.for_op(entry.op) if e.emit is not None and set(e.fixed) == {"ndim"}]
    if len(ranked) < 2:
        return [_class_of(t, entry)]
    names = [t.dst.skeleton.layer_class(e, t.ctx, entry) for e in ranked]
    return names if None not in names else [_class_of(t, entry)]


def _class_of(t, entry) -> str:
    target = reading.target_entry(t.dst.layers, entry.op, entry.api, fixed=entry.fixed)
    name = t.dst.skeleton.layer_class(target, t.ctx, entry)
    if name is None:
        raise Unsupported(f"{entry.api} translates to a function in {t.dst.name}, not a module class")
    return name


# ---- class-name tests --------------------------------------------------------------------------
def class_name_source(node: cst.BaseExpression) -> str | None:
    """`m.__class__.__name__` or `type(m).__name__`: the name `m`."""
    if m.matches(node, m.Attribute(value=m.Attribute(value=m.Name(), attr=m.Name("__class__")),
                                   attr=m.Name("__name__"))):
        return node.value.value.value
    if m.matches(node, m.Attribute(value=m.Call(func=m.Name("type"), args=[m.Arg(m.Name())]),
                                   attr=m.Name("__name__"))):
        return node.value.args[0].value.value
    return None


def class_name_test(t, test: cst.BaseExpression, names: dict[str, str]) -> tuple[str, list] | None:
    """A test on a class name (`classname.find("Conv") != -1`, `"Norm" in type(m).__name__`):
    (the object's name, the layer entries built in this file whose class name passes it)."""
    try:
        tree = ast.parse(code(test), mode="eval").body
    except SyntaxError:
        return None
    subjects: set[str] = set()
    _collect(tree, names, subjects)
    if len(subjects) != 1:
        return None
    obj = subjects.pop()
    accepted = []
    try:
        for cls in sorted(t.classes):
            if t.classes[cls].is_module and _eval(tree, cls, names):
                raise Unsupported(f"class-name test also accepts the module class {cls}: use isinstance")
        for api in sorted(t.constructed):
            if _eval(tree, api.rpartition(".")[2], names):
                accepted.append(t.src.layers.get(api))
    except _NotStatic:
        return None
    return (obj, accepted) if accepted else None


def _collect(node: ast.AST, names: dict[str, str], out: set[str]) -> None:
    if isinstance(node, ast.Name) and node.id in names:
        out.add(names[node.id])
    src = _ast_class_name(node)
    if src is not None:
        out.add(src)
        return
    for child in ast.iter_child_nodes(node):
        _collect(child, names, out)


def _ast_class_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Attribute) and node.attr == "__name__":
        v = node.value
        if isinstance(v, ast.Attribute) and v.attr == "__class__" and isinstance(v.value, ast.Name):
            return v.value.id
        if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "type" and \
                len(v.args) == 1 and isinstance(v.args[0], ast.Name):
            return v.args[0].id
    return None


_COMPARE = {ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b, ast.In: lambda a, b: a in b,
            ast.NotIn: lambda a, b: a not in b, ast.Lt: lambda a, b: a < b, ast.Gt: lambda a, b: a > b,
            ast.LtE: lambda a, b: a <= b, ast.GtE: lambda a, b: a >= b}


def _eval(node: ast.AST, value: str, names: dict[str, str]):
    """The test's value with the class name bound to `value`; only string operations are allowed."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, bool)):
        return node.value
    if isinstance(node, ast.Name) and node.id in names or _ast_class_name(node) is not None:
        return value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub)):
        v = _eval(node.operand, value, names)
        return (not v) if isinstance(node.op, ast.Not) else -v
    if isinstance(node, ast.BoolOp):
        vals = [_eval(v, value, names) for v in node.values]
        return all(vals) if isinstance(node.op, ast.And) else any(vals)
    if isinstance(node, ast.Compare) and all(type(o) in _COMPARE for o in node.ops):
        left = _eval(node.left, value, names)
        for op, right in zip(node.ops, node.comparators):
            r = _eval(right, value, names)
            if not _COMPARE[type(op)](left, r):
                return False
            left = r
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr in _STR_METHODS and not node.keywords:
        recv = _eval(node.func.value, value, names)
        if isinstance(recv, str):
            args = [_eval(a, value, names) for a in node.args]
            try:
                return getattr(recv, node.func.attr)(*args)
            except (TypeError, ValueError):
                raise _NotStatic from None
    raise _NotStatic


# ---- loops over submodules -----------------------------------------------------------------------
def module_iteration(t, node: cst.BaseExpression) -> str | None:
    """`self.modules()` / `self.children()`: the target's iteration over the same modules."""
    its = getattr(t.src.skeleton, "MODULE_ITERATORS", {})
    if m.matches(node, m.Call(func=m.Attribute(value=m.Name("self"), attr=m.Name()), args=[])) and \
            node.func.attr.value in its and t.in_module_class:
        name = node.func.attr.value
        if getattr(t.dst.skeleton, "MODULE_ITERATORS", {}).get(name) == its[name]:
            return None   # the target has the same method: the loop stays
        return t.dst.skeleton.ITER_MODULES[its[name]].format(module="self")
    return None


def unnamed_pairs(loop: cst.For) -> tuple[cst.BaseExpression, cst.BaseExpression] | None:
    """`for _, m in ((None, v) for v in ITER)` (the Keras writer's form of a loop over
    `self.modules()`, whose ITER_MODULES give pairs): (m, ITER), else None."""
    it, target = loop.iter, loop.target
    if not (isinstance(it, cst.GeneratorExp) and isinstance(target, cst.Tuple) and len(target.elements) == 2
            and m.matches(target.elements[0].value, m.Name("_")) and isinstance(it.elt, cst.Tuple)
            and len(it.elt.elements) == 2 and m.matches(it.elt.elements[0].value, m.Name("None"))):
        return None
    var, comp = target.elements[1].value, it.for_in
    if not (isinstance(var, cst.Name) and isinstance(comp.target, cst.Name)
            and m.matches(it.elt.elements[1].value, m.Name(comp.target.value)) and not comp.ifs
            and comp.inner_for_in is None):
        return None
    return var, comp.iter


def module_loop(t, original: cst.For, updated: cst.For) -> cst.For:
    """for m in self.modules(): ... -> for _, m in nnx.iter_modules(self): ..."""
    pairs = unnamed_pairs(original)
    if pairs is not None and module_iteration(t, pairs[1]) is not None:
        original = original.with_changes(target=pairs[0], iter=pairs[1])
        updated = updated.with_changes(target=unnamed_pairs(updated)[0], iter=unnamed_pairs(updated)[1])
    it = module_iteration(t, original.iter)
    if it is None:
        return updated
    if not isinstance(updated.target, cst.Name):
        raise Unsupported("a loop over submodules with a tuple target")
    target = cst.Tuple([cst.Element(cst.Name("_")), cst.Element(updated.target)], lpar=[], rpar=[])
    return updated.with_changes(target=target, iter=cst.parse_expression(it))


def apply_call(t, stmt: cst.SimpleStatementLine) -> cst.BaseStatement | None:
    """`self.apply(fn)` as a statement -> a loop calling fn on every module (itself included)."""
    method = getattr(t.src.skeleton, "APPLY_METHOD", None)
    if method is None or not t.in_module_class or len(stmt.body) != 1 or \
            not isinstance(stmt.body[0], cst.Expr) or getattr(t.dst.skeleton, "APPLY_METHOD", None) == method:
        return None   # (a target with the same method keeps the call)
    call = stmt.body[0].value
    if not (m.matches(call, m.Call(func=m.Attribute(value=m.Name("self"), attr=m.Name(method)))) and
            len(call.args) == 1 and not call.args[0].star and call.args[0].keyword is None):
        return None
    fn = call.args[0].value
    var = "module" if "module" not in code(fn) else "module_"
    inner = cst.Call(fn, [cst.Arg(cst.Name(var))])
    from nnport.translate import skeleton_rules
    if isinstance(fn, cst.Name) and fn.value in t.builders or \
            m.matches(fn, m.Attribute(value=m.Name("self"), attr=m.Name())) and \
            f"{t.cur_class.name}.{fn.attr.value}" in t.builders:
        inner = skeleton_rules.with_rngs(t, inner)
    it = t.dst.skeleton.ITER_MODULES["all"].format(module="self")
    loop = cst.parse_statement(f"for _, {var} in {it}:\n    pass\n")
    body = loop.body.with_changes(body=[cst.SimpleStatementLine([cst.Expr(inner)])])
    return loop.with_changes(body=body, leading_lines=stmt.leading_lines)
