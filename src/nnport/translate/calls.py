"""Calls and attributes: what a call means (layer, container, function, tensor method, submodule,
user code) and its translation through the pivot. Called by the Translator on the way up."""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from nnport.frameworks.spec import Unsupported, code
from nnport.pivot import ops as pivot
from nnport.translate import inplace, narrowing, reading, skeleton_rules
from nnport.translate.emit import dotted

_SELF_ATTR = m.Attribute(value=m.Name("self"), attr=m.Name())


def api_name(t, original: cst.Call) -> str:
    q = sorted(t.qnames(original.func))
    return q[0] if q else code(original.func)


def under_source(t, names: set[str]) -> str | None:
    for n in sorted(names):
        if any(n == r or n.startswith(r + ".") for r in t.src.roots):
            return n
    return None


def call(t, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
    names = t.qnames(original.func)
    sk = t.src.skeleton
    for name in sorted(names):
        if name in getattr(sk, "GRAD_CONTEXTS", ()):
            return updated   # the enclosing `with` is dropped by the Translator
        if name.endswith(".__init__") and name[: -len(".__init__")] in sk.MODULE_BASES:
            return updated   # nn.Module.__init__(self): the statement is removed
        if name in sk.CONTAINER_CLASSES:
            return skeleton_rules.container(t, sk.CONTAINER_CLASSES[name], original, updated)
        if name in sk.PARAMETER_CLASSES:
            return skeleton_rules.parameter(t, original, updated)
        entry = t.src.layers.get(name)
        if entry is not None:
            return construct_layer(t, entry, original, updated)
        entry = t.src.functions.get(name)
        if entry is not None:
            out = function(t, entry, updated.args, original)
            receiver = inplace.function_receiver(entry, original)
            if receiver is not None:
                inplace.check_value_use(t, original, name.rsplit(".", 1)[1], receiver, out)
            return out
    if isinstance(updated.func, cst.Attribute):
        attr = t.self_attr(original.func)
        if attr is not None and attr.kind in ("layer", "container", "user"):
            return submodule_call(t, attr, original, updated)
        grown = skeleton_rules.appended_literal(t, original, updated)
        if grown is not None:
            return grown
        method = t.src.functions.get(f"Tensor.{updated.func.attr.value}")
        if method is not None and is_tensor_receiver(t, original.func.value) and not _python_method(t, original):
            recv = cst.Arg(updated.func.value)
            out = function(t, method, [recv, *updated.args], original)
            inplace.check_value_use(t, original, updated.func.attr.value, original.func.value, out)
            return out
        if method is None and _unknown_tensor_method(t, original):
            raise Unsupported(f"no table entry for Tensor.{updated.func.attr.value}")
    elif isinstance(updated.func, (cst.Name, cst.Subscript)):   # blk(x), self.blocks[0](x)
        attr = t.self_attr(original.func)
        if attr is not None and attr.kind in ("layer", "container", "user"):
            return submodule_call(t, attr, original, updated)
        checked = narrowing.translate_isinstance(t, original, updated)
        if checked is not None:
            return checked
    sup = skeleton_rules.super_init(t, original, updated)
    if sup is not None:
        return sup
    source_api = under_source(t, names)
    if source_api is not None:
        raise Unsupported(f"no table entry for {source_api}")
    if id(original) in t.forward_sites:
        from nnport.translate import forwarding
        updated = forwarding.site_args(t, original, updated)
    if t.in_module_class and t.training_methods:
        from nnport.translate import training
        updated = training.method_call(t, original, updated)
    return skeleton_rules.user_call(t, original, t.layouts.children_to_source(updated))


def _python_method(t, call: cst.Call) -> bool:
    """A call that cannot be the tensor method of that name: `names.split(",")`, `line.split()`,
    `xs.sort()` as a statement (a tensor's sort returns its result; a list's sorts in place)."""
    name = call.func.attr.value
    if name not in getattr(t.src.skeleton, "NOT_ONLY_TENSOR", ()):
        return False
    return not call.args or any(isinstance(a.value, (cst.SimpleString, cst.FormattedString,
                                                     cst.ConcatenatedString)) for a in call.args) or \
        name == "sort" and id(call) in t.statements


def _unknown_tensor_method(t, call: cst.Call) -> bool:
    """A method of the source's tensor type with no table entry, called on what looks like a tensor."""
    name = call.func.attr.value
    methods = getattr(t.src.skeleton, "TENSOR_METHODS", frozenset())
    return name in methods and name not in getattr(t.src.skeleton, "NOT_ONLY_TENSOR", ()) and \
        name not in t.src.skeleton.NO_EFFECT_METHODS and is_tensor_receiver(t, call.func.value)


def is_tensor_receiver(t, node: cst.BaseExpression) -> bool:
    """Light type facts: the receiver of `.view(...)` & co. is a tensor unless known otherwise."""
    if isinstance(node, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString, cst.Dict,
                         cst.Integer, cst.Float)):
        return False
    if m.matches(node, m.Name("self")):
        return False
    if isinstance(node, cst.Name) and node.value in getattr(t, "python_names", ()):
        return False   # `seen = set()` in this function: seen.add(x) is the set's
    base = node
    while isinstance(base, cst.Attribute):
        base = base.value
    if isinstance(base, cst.Name) and base.value in t.import_aliases:
        return False   # math.sqrt(5), F.foo(x): a module's function, not a tensor method
    attr = t.self_attr(node)
    if attr is not None and attr.kind in ("layer", "container", "user", "value"):
        return False
    names = t.qnames(node)
    if any(n in t.src.functions or n in t.src.layers for n in names):
        return False   # e.g. `F.relu` itself, not a tensor
    return True


def construct_layer(t, entry, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
    target = reading.target_entry(t.dst.layers, entry.op, entry.api, fixed=entry.fixed)
    forwarded = t.forwarded.get(id(original))
    if isinstance(forwarded, Unsupported):
        raise forwarded
    if forwarded is not None:   # passes the class's **kwargs on (translate/forwarding.py)
        out = skeleton_rules.layer_built(t, target, forwarded)
    else:
        canon = reading.read(entry, list(updated.args), t.ctx)
        target = reading.target_entry(t.dst.layers, canon.op, entry.api, canon)
        out = skeleton_rules.layer_built(t, target, reading.write(target, canon, t.ctx))
        built = getattr(t.src.skeleton, "construction", None)   # a source's own variant of the class
        if built is not None:
            out = built(t, canon, out)
    if id(original) in t.shared_builds:   # weight tying: built with another layer's variables
        out = t.dst.skeleton.share_weights(out, t.shared_builds[id(original)])
    plan = t.plans.get(id(original))
    if target.layout == "channels_last" and (plan is None or not plan.known_layout):
        # built where nnport cannot see every call site: a variant that takes the source's layout
        out = t.dst.skeleton.channels_first(out, t.ctx)
    return out


def function(t, entry, args: list[cst.Arg], original: cst.Call) -> cst.BaseExpression:
    role = pivot.OPS[entry.op].role if entry.op in pivot.OPS else None
    lay = t.layouts
    first = args[0].value if args else None
    keep_cl = role == "elementwise" and lay.is_cl(first) and all(
        not lay.is_cl(a.value) and _plain(a.value) for a in args[1:])
    if not keep_cl:
        args = [lay.deep_source(a) for a in args]
    canon = reading.read(entry, args, t.ctx)
    out = canon.extra.get("written")   # a reader that wrote its result itself (several ops, a subscript)
    if out is None:
        target = reading.target_entry(t.dst.functions, canon.op, entry.api, canon)
        out = reading.write(target, canon, t.ctx)
    t.fresh.add(id(out))
    t.tensors.add(id(out))
    t.keep.append(out)
    fields = getattr(t.src.skeleton, "RESULT_FIELDS", {}).get(canon.op)
    if fields is not None:
        t.named_results[id(out)] = fields
    return lay.mark(out, keep_cl)


def _plain(node: cst.BaseExpression) -> bool:
    """A literal constant (number, string, True/False/None): no layout of its own."""
    return isinstance(node, (cst.Integer, cst.Float, cst.SimpleString)) or (
        isinstance(node, cst.Name) and node.value in ("True", "False", "None"))


def submodule_call(t, attr, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
    lay = t.layouts
    if attr.tied_to is not None:
        from nnport.translate import tying
        return tying.head_call(t, attr, updated.with_changes(args=[lay.deep_source(a) for a in updated.args]))
    target = None
    if attr.kind == "layer":
        target = reading.target_entry(t.dst.layers, attr.entry.op, attr.entry.api,
                                      fixed=attr.entry.fixed)
    wants_cl = attr.channels_last or (target is not None and target.layout == "channels_last")
    args = list(updated.args)
    if wants_cl and args and args[0].star:
        raise Unsupported("a channels-last layer called with *args: move the layout by hand")
    if wants_cl and args:
        args = [args[0].with_changes(value=lay.to_channels_last(lay.deep_source(args[0].value)))] + \
               [lay.deep_source(a) for a in args[1:]]
    else:
        args = [lay.deep_source(a) for a in args]
    out = updated.with_changes(args=args)
    site = getattr(t.src.skeleton, "call_site", None)
    if site is not None and attr.kind in ("layer", "container"):
        out = site(t, attr, out)   # how the source's layer call reads in the pivot (keras/call_sites.py)
    if target is not None and getattr(target, "call", None) is not None:
        canon = reading.read(attr.entry, list(attr.call.args), t.ctx)
        t.ctx.in_forward = t.has_training
        out = target.call(canon, out, t.ctx)
    elif attr.kind in ("user", "container"):
        out = skeleton_rules.training_keyword(t, out)
    out_cl = attr.output_channels_last if attr.kind == "container" else wants_cl
    out = lay.mark(out, out_cl)
    t.tensors.add(id(out))
    t.keep.append(out)
    return out


def attribute(t, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
    """`self.training`, parameter/buffer reads, `torch.float32`-style constants, fields of results."""
    field = result_field(t, updated)
    if field is not None:
        return field
    rename = getattr(t.dst.skeleton, "reserved_name", None)
    if rename is not None and t.in_module_class and m.matches(original, _SELF_ATTR) and \
            rename(original.attr.value) != original.attr.value and \
            original.attr.value != t.src.skeleton.TRAINING_ATTR:
        updated = updated.with_changes(attr=cst.Name(rename(original.attr.value)))
    if t.in_module_class and m.matches(original, _SELF_ATTR) and t.is_load(original):
        name = original.attr.value
        if name == t.src.skeleton.TRAINING_ATTR:
            return skeleton_rules.training_flag(t)
        attr = t.cur_class.attrs.get(name)
        if attr is not None and attr.kind in ("param", "buffer"):
            return t.dst.skeleton.read_variable(updated)
    weight = submodule_weight(t, original)
    if weight is not None:
        return weight
    flag = weight_flag(t, original)
    if flag is not None:
        return flag
    names = t.qnames(original)
    for name in sorted(names):
        entry = t.src.functions.get(name)
        if entry is not None and entry.kind == "attribute":
            target = reading.target_entry(t.dst.functions, entry.op, entry.api)
            return reading.write(target, reading.read(entry, [], t.ctx), t.ctx)
    method = t.src.functions.get(f"Tensor.{updated.attr.value}")
    if method is not None and method.kind == "attribute" and is_tensor_receiver(t, original.value) \
            and t.is_load(original):
        recv = t.layouts.deep_source(updated.value)
        return function(t, method, [cst.Arg(recv)], original)
    return t.layouts.children_to_source(updated)


def result_field(t, node: cst.Attribute) -> cst.BaseExpression | None:
    """`x.max(1).values` / `r.indices` of a named-tuple result: the target's plain tuple, indexed."""
    if not t.is_load(node):
        return None
    fields = t.named_results.get(id(node.value))
    if fields is None and isinstance(node.value, cst.Name):
        fields = t.named_vars.get(node.value.value)
    if fields is None or node.attr.value not in fields:
        return None
    index = cst.Index(cst.Integer(str(fields.index(node.attr.value))))
    return cst.Subscript(node.value, [cst.SubscriptElement(index)])


def _layer_of(t, node: cst.BaseExpression):
    """The layer fact of `self.fc` or of a name narrowed to a layer (`m` in `if isinstance(m, ...)`)."""
    if not (isinstance(node, cst.Name) or t.in_module_class and m.matches(node, _SELF_ATTR)):
        return None
    attr = t.self_attr(node)
    return attr if attr is not None and attr.kind == "layer" else None


def _is_layer_weight(t, node) -> bool:
    attr = _layer_of(t, node.value) if isinstance(node, cst.Attribute) else None
    return attr is not None and node.attr.value in attr.entry.weights


def weight_variable(t, original: cst.Attribute) -> tuple[cst.Attribute, str, str, int | None] | None:
    """`self.fc.weight` -> (the target variable, its axes, the source's axes, spatial rank)."""
    attr = _layer_of(t, original.value)
    if attr is None or original.attr.value not in attr.entry.weights:
        return None
    if attr.tied_to is not None:
        raise Unsupported(f"{code(original)}: this head is computed from self.{attr.tied_to} "
                          f"(weight tying); read that weight instead")
    found = set()
    for entry in attr.alternatives or (attr.entry,):
        if original.attr.value not in entry.weights:
            raise Unsupported(f"{entry.api} has no weight {original.attr.value!r}")
        w = entry.weights[original.attr.value]
        target = reading.target_entry(t.dst.layers, entry.op, entry.api, fixed=entry.fixed)
        names = [(d, dw.axes) for d, dw in target.weights.items() if dw.name == w.name and "." not in d]
        if not names:
            raise Unsupported(f"weight {original.attr.value!r} of {entry.api} has no {t.dst.name} "
                              "counterpart")
        ndim = entry.fixed.get("ndim") if "*s" in w.axes else None
        found.add((names[0][0], names[0][1], w.axes, int(ndim) if ndim else None))
    if len(found) > 1:
        raise Unsupported(f"{code(original)}: the layers it may be keep this weight differently in "
                          f"{t.dst.name}")
    dname, have, want, ndim = found.pop()
    return cst.Attribute(original.value, cst.Name(dname)), have, want, ndim


def submodule_weight(t, original: cst.Attribute) -> cst.BaseExpression | None:
    """`self.fc.weight` read -> the target layer's weight in the source's axis order."""
    if not t.is_load(original):
        return None
    found = weight_variable(t, original)
    if found is None:
        return None
    var, have, want, ndim = found
    return _permuted(t, t.dst.skeleton.read_variable(var), have, want, ndim)


def weight_flag(t, original: cst.Attribute) -> cst.BaseExpression | None:
    """`m.use_bias` of a source layer (the constructor flag of an optional weight: the source
    skeleton's WEIGHT_FLAGS, flag -> the pivot's weight name): `m.bias is not None`."""
    name = getattr(t.src.skeleton, "WEIGHT_FLAGS", {}).get(original.attr.value)
    if name is None or not t.is_load(original) or _layer_of(t, original.value) is None:
        return None
    weight = cst.Attribute(original.value, cst.Name(name))
    return cst.Comparison(weight, [cst.ComparisonTarget(cst.IsNot(), cst.Name("None"))])


def none_test(t, original: cst.Comparison, updated: cst.Comparison) -> cst.BaseExpression:
    """`self.conv.bias is not None`: the target variable itself, not a read of it."""
    if isinstance(original.left, cst.Attribute) and len(original.comparisons) == 1 and \
            isinstance(original.comparisons[0].operator, (cst.Is, cst.IsNot)) and \
            m.matches(original.comparisons[0].comparator, m.Name("None")):
        found = weight_variable(t, original.left)
        if found is not None:
            present = getattr(t.dst.skeleton, "weight_present", None)   # the target's own test, if any
            test = present(found[0], isinstance(original.comparisons[0].operator, cst.IsNot)) \
                if present is not None else None
            return test if test is not None else updated.with_changes(left=found[0])
    return updated


def _permuted(t, node: cst.BaseExpression, have: str, want: str, spatial: int | None = None
               ) -> cst.BaseExpression:
    """Reorder an array from axis labels `have` to `want` (a `.T` for a 2-d swap)."""
    from nnport.weights.layouts import expand
    h, w = [a.strip() for a in have.split(",")], [a.strip() for a in want.split(",")]
    if h == w:
        return node
    if "*s" in h:
        if spatial is None:
            raise Unsupported("spatial weights of unknown rank read directly")
        h, w = expand(have, len(h) - 1 + spatial), expand(want, len(w) - 1 + spatial)
    return t.dst.skeleton.transpose(node, tuple(h.index(a) for a in w))


def index_assignment(t, original: cst.Assign, updated: cst.Assign) -> cst.BaseNode:
    """`x[i] = v` on a tensor -> a functional update `x = x.at[i].set(v)` where the target wants it."""
    for tgt in original.targets:
        if _is_layer_weight(t, tgt.target):
            raise Unsupported(f"assigning a layer's weight ({code(tgt.target)}), e.g. weight tying: "
                              f"share the weight by hand in {t.dst.name}")
    target = updated.targets[0].target
    if len(updated.targets) == 1 and isinstance(target, cst.Subscript) and \
            is_tensor_receiver(t, original.targets[0].target.value) and hasattr(t.dst.skeleton, "index_update"):
        return t.dst.skeleton.index_update(target, updated.value, "set", t.ctx)
    return updated


def aug_assign(t, original: cst.AugAssign, updated: cst.AugAssign) -> cst.BaseNode:
    lay = t.layouts
    target, value = updated.target, updated.value
    if isinstance(target, cst.Subscript) and is_tensor_receiver(t, original.target.value) and \
            hasattr(t.dst.skeleton, "index_update"):
        return t.dst.skeleton.index_update(target, lay.deep_source(value), _AUG.get(
            type(updated.operator), "set"), t.ctx)
    if isinstance(target, cst.Name) and t.in_forward and (t.env.get(target.value) or lay.is_cl(value)):
        left = cst.Name(target.value)
        if t.env.get(target.value) and (lay.is_cl(value) or _plain(value)):
            t.env[target.value] = True
            return updated
        left = lay.to_source(lay.mark(left, bool(t.env.get(target.value))))
        t.env[target.value] = False
        return cst.Assign([cst.AssignTarget(cst.Name(target.value))], cst.BinaryOperation(
            left, _BINARY[type(updated.operator)](), lay.deep_source(value)))
    return updated.with_changes(value=lay.deep_source(value))


_AUG = {cst.AddAssign: "add", cst.SubtractAssign: "subtract", cst.MultiplyAssign: "multiply",
        cst.DivideAssign: "divide"}
_BINARY = {cst.AddAssign: cst.Add, cst.SubtractAssign: cst.Subtract, cst.MultiplyAssign: cst.Multiply,
           cst.DivideAssign: cst.Divide, cst.PowerAssign: cst.Power, cst.MatrixMultiplyAssign:
           cst.MatrixMultiply, cst.FloorDivideAssign: cst.FloorDivide}


def _function_entry(t, node: cst.BaseExpression):
    if not isinstance(node, cst.Call):
        return None
    return next((t.src.functions.get(n) for n in sorted(t.qnames(node.func)) if n in t.src.functions), None)


def expression_statement(t, original: cst.Expr, updated: cst.Expr) -> cst.BaseSmallStatement:
    """Statements that exist for their effect: buffers, in-place tensor methods."""
    value = original.value
    if isinstance(value, cst.Call) and m.matches(value.func, _SELF_ATTR) and value.args and \
            value.func.attr.value in (t.src.skeleton.BUFFER_METHOD, t.src.skeleton.PARAMETER_METHOD,
                                      getattr(t.src.skeleton, "ADD_MODULE_METHOD", None)):
        if value.func.attr.value == getattr(t.src.skeleton, "ADD_MODULE_METHOD", None) and \
                t.cur_class is not None and t.cur_class.container_base:
            args = updated.value.args
            template = t.dst.skeleton.SEQUENTIAL_APPEND if len(args) == 2 else \
                getattr(t.dst.skeleton, "SEQUENTIAL_APPEND_UNNAMED", t.dst.skeleton.SEQUENTIAL_APPEND)
            if len(args) not in (1, 2) or (len(args) == 1 and "{name}" in template):
                raise Unsupported("add_module needs a name and a module")
            return cst.parse_statement(template.format(
                name=code(args[0].value) if len(args) == 2 else "",
                value=code(t.layouts.deep_source(args[-1].value)))).body[0]
        return skeleton_rules.register(t, value.func.attr.value, updated.value)
    new = updated.value
    function = _function_entry(t, value)
    in_place = getattr(t.dst.skeleton, "writes_in_place", None)   # the target writes the tensor itself
    writes = in_place(new) if in_place is not None else isinstance(new, cst.Call) and m.matches(
        new.func, m.Attribute(attr=m.Name(getattr(t.dst.skeleton, "VARIABLE_WRITE", "set_value"))))
    if writes or new is value or not isinstance(value, cst.Call):
        out = updated.with_changes(value=t.layouts.deep_source(new))
        as_statement = getattr(t.dst.skeleton, "write_statement", None)   # the target's form of a write
        return as_statement(out) if writes and as_statement is not None else out
    receiver, entry = None, function
    if function is not None:
        receiver = inplace.function_receiver(function, value)      # F.elu_(x) -> x = jax.nn.elu(x)
    elif isinstance(value.func, cst.Attribute) and inplace.in_place_name(value.func.attr.value) and \
            is_tensor_receiver(t, value.func.value):                 # x.add_(y) -> x = x + y
        receiver, entry = value.func.value, t.src.functions.get(f"Tensor.{value.func.attr.value}")
    if isinstance(receiver, (cst.Name, cst.Attribute)) and not new.deep_equals(receiver):
        return inplace.rebind(t, t.layouts.deep_source(receiver), t.layouts.deep_source(new), entry)
    return updated.with_changes(value=t.layouts.deep_source(new))
