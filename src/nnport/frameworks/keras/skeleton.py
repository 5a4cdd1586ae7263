"""Keras 3 idioms, as the engine writes them (Keras as a target).

Layers compute channels-first (`data_format="channels_first"`), the source's layout: no axis moves.
A translated class is a `keras.Model` when no other class of the file holds it, a
`keras.layers.Layer` otherwise; its forward is `call(self, ..., training=None)`, and `training` is
passed on to the submodules it calls there. Parameters and buffers are `keras.Variable`s (trainable
or not) assigned in `__init__`, which Keras tracks as the layer's weights; ModuleList / ModuleDict are
plain lists / dicts of layers, which Keras tracks too.
"""
from __future__ import annotations

import re

import libcst as cst

from nnport.frameworks.keras.operators import may_be_int, promoting_operation, take_by_index_names, tensor_index  # noqa: F401,E501
from nnport.translate.names import bound_names

IMPORT_ROOTS = ("keras",)
LAYOUT = "channels_first"
MODULE_BASE = "keras.Model"
SUBMODULE_BASE = "keras.layers.Layer"   # a class that another class of the file holds
FORWARD = "call"
SIZES_FROM_FIRST_CALL = True  # a Keras layer learns its input size on its first call (nn.LazyLinear(4) = Dense(4))
CALLS_SUPER_INIT = True     # keras.layers.Layer.__init__ must run: `super().__init__()` stays
INIT_EXTRA_PARAM = None     # no extra constructor parameter (random numbers: keras.random's seeds)
TRAINING_PARAM = "training"   # call(self, ..., training=None); passed on to submodules in call
TRAINING_FLAG_INIT = None
TRAINING_EXPR = "training"
CONTAINERS = {
    "sequential": "keras.Sequential",
    "module_list": "list",
    "module_dict": "dict",
    "param_list": "list",
    "param_dict": "dict",
}
SEQUENTIAL_APPEND = "self.add({value})"
STOP_GRADIENT = "ops.stop_gradient"
# Names a keras.layers.Layer defines without a setter (or keras.Model reserves): an attribute of the
# source with such a name is renamed with a trailing underscore (runtime.child reads it back).
RESERVED_ATTRS = frozenset({
    "layers", "output", "input", "weights", "variables", "trainable_weights", "non_trainable_weights",
    "trainable_variables", "non_trainable_variables", "losses", "metrics", "dtype", "compute_dtype",
    "variable_dtype", "input_dtype", "path", "input_spec", "supports_masking", "metrics_variables",
    "dtype_policy", "quantization_mode", "name", "built", "trainable", "optimizer", "compiled",
    "distribute_strategy", "layout_map", "compiled_loss", "loss"})
IMPORTS = {
    "math": "import math",
    "itertools": "import itertools",
    "functools": "import functools",
    "itertools": "import itertools",
    "partial": "from functools import partial",
    "np": "import numpy as np",
    "keras": "import keras",
    "layers": "from keras import layers",
    "ops": "from keras import ops",
    "tf": "import tensorflow as tf",   # tf.GradientTape in training loops (the TensorFlow backend)
}
MOVE_AXIS = "ops.moveaxis"   # never needed: every layer takes the source's layout


from nnport.frameworks.keras import training as TRAIN_WRITER  # noqa: E402  (training loops: train_loop.py)


def reserved_name(name: str) -> str:
    return name + "_" if name in RESERVED_ATTRS else name


def variable(value: cst.BaseExpression, trainable: bool) -> cst.BaseExpression:
    """nn.Parameter(value) -> keras.Variable(value); a buffer -> keras.Variable(value, trainable=False)."""
    args = [cst.Arg(value)]
    if not trainable:
        args.append(cst.Arg(cst.Name("False"), keyword=cst.Name("trainable"),
                            equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))))
    return cst.Call(cst.parse_expression("keras.Variable"), args)


def container(kind: str, args: list[cst.Arg]) -> cst.BaseExpression:
    """Sequential(a, b) -> keras.Sequential([a, b]) (Sequential() -> layers.Identity()); ModuleList([a, b])
    -> [a, b]; ModuleDict(d) -> d."""
    if kind == "sequential":
        if len(args) == 1 and isinstance(args[0].value, (cst.List, cst.ListComp)) and not args[0].star:
            return cst.Call(cst.parse_expression("keras.Sequential"), [args[0].with_changes(comma=cst.MaybeSentinel.DEFAULT)])
        items = [cst.StarredElement(a.value) if a.star == "*" else cst.Element(a.value) for a in args]
        # an empty Sequential is the identity (keras.Sequential() cannot be called)
        return cst.Call(cst.parse_expression("keras.Sequential"), [cst.Arg(cst.List(items))]) if items else \
            cst.parse_expression("layers.Identity()")
    literal_type = cst.List if kind in ("module_list", "param_list") else cst.Dict
    if not args:
        return cst.List([]) if literal_type is cst.List else cst.Dict([])
    if len(args) == 1 and not args[0].star and isinstance(args[0].value, (literal_type, cst.ListComp, cst.DictComp)):
        return args[0].value
    return cst.Call(cst.Name(CONTAINERS[kind]), [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args])


def sequential_init(args: list[cst.Arg]) -> list[cst.Arg]:
    """`super().__init__(a, b)` of a Sequential subclass: keras.Sequential takes one list."""
    if len(args) == 1 and isinstance(args[0].value, cst.List):
        return args
    return [cst.Arg(cst.List([cst.StarredElement(a.value) if a.star == "*" else cst.Element(a.value)
                              for a in args]))] if args else []


def transpose(node: cst.BaseExpression, perm: tuple[int, ...]) -> cst.BaseExpression:
    """An array with its axes permuted: a weight read in the source's layout."""
    args = [cst.Arg(node)]
    if perm != (1, 0):
        args.append(cst.Arg(cst.parse_expression(repr(perm))))
    return cst.Call(cst.parse_expression("ops.transpose"), args)


def read_variable(node: cst.BaseExpression) -> cst.BaseExpression:
    """A keras.Variable is read as it is (ops take variables)."""
    return node


def layer_extra_kwargs(signature: str | None) -> list[tuple[str, str]]:
    return []


def index_update(target: cst.Subscript, value: cst.BaseExpression, how: str, ctx) -> cst.Assign:
    """`x[i] = v` -> `x = index_update(x, (i,), v, "set")` (support/indexing.py: a scatter; also
    "add", "subtract", "multiply", "divide" for the augmented forms)."""
    from nnport.frameworks.keras.support import helper
    from nnport.frameworks.spec import Unsupported
    if not isinstance(target.value, (cst.Name, cst.Attribute)):
        raise Unsupported("index assignment into an expression: assign to a variable first")
    fn = helper(ctx, "indexing", "index_update")
    new = cst.Call(cst.Name(fn), [cst.Arg(target.value), cst.Arg(_index_expr(target.slice)), cst.Arg(value),
                                  cst.Arg(cst.SimpleString(repr(how)))])
    return cst.Assign([cst.AssignTarget(target.value)], new)


def _index_expr(elements) -> cst.BaseExpression:
    """The subscript as a value: `x[a, 1:3]` -> `(a, slice(1, 3))`."""
    out = []
    for el in elements:
        s = el.slice
        if isinstance(s, cst.Index):
            out.append(cst.Element(s.value))
        else:
            parts = [p if p is not None else cst.Name("None") for p in (s.lower, s.upper, s.step)]
            out.append(cst.Element(cst.Call(cst.Name("slice"), [cst.Arg(p) for p in parts])))
    return cst.Tuple(out)


# A layer's optional weight exists once the layer is built; its constructor flag says so before
_PRESENT = {"bias": "use_bias", "beta": "center", "gamma": "scale"}


def weight_present(variable: cst.BaseExpression, is_not: bool) -> cst.BaseExpression | None:
    """`self.conv.bias is not None` -> `self.conv.use_bias` (true before the layer builds, too)."""
    if isinstance(variable, cst.Attribute) and variable.attr.value in _PRESENT:
        flag = cst.Attribute(variable.value, cst.Name(_PRESENT[variable.attr.value]))
        return flag if is_not else cst.UnaryOperation(cst.Not(), flag)
    return None


def writes_in_place(new: cst.BaseExpression) -> bool:
    """An init's write is the statement itself (no `x = ...` rebinding): `v.assign(value)` on a
    keras.Variable, `setattr(layer, "kernel_initializer", init)` on a layer not built yet."""
    return isinstance(new, cst.Call) and (
        isinstance(new.func, cst.Attribute) and new.func.attr.value == "assign" or
        isinstance(new.func, cst.Name) and new.func.value == "setattr" and len(new.args) == 3)


def write_statement(stmt: cst.Expr) -> cst.BaseSmallStatement:
    """`setattr(layer, "kernel_initializer", init)` standing alone: `layer.kernel_initializer = init`."""
    call = stmt.value
    if isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "setattr" and \
            len(call.args) == 3 and isinstance(call.args[1].value, cst.SimpleString):
        name = call.args[1].value.evaluated_value
        if name.isidentifier():
            return cst.Assign([cst.AssignTarget(cst.Attribute(call.args[0].value, cst.Name(name)))],
                              call.args[2].value)
    return stmt


def channels_first(layer: cst.BaseExpression, ctx) -> cst.BaseExpression:
    return layer   # every Keras layer here already takes channels-first input


# self.modules() / self.children(): (path, module) pairs, as the engine's loops unpack them.
ITER_MODULES = {"all": "((None, m) for m in {module}._flatten_layers())",
                "children": "((None, m) for m in {module}._flatten_layers(include_self=False, recursive=False))"}


# Layer entries named by a label (their Keras class is another entry's API), by pivot op: the class built
LABEL_CLASSES = {"group_norm": "layers.GroupNormalization"}


def layer_class(entry, ctx, source=None) -> str | None:
    """The class a translated layer is an instance of (for isinstance checks); Keras has one class
    per spatial rank, which the source entry gives (Conv2d -> layers.Conv2D)."""
    if entry.api.startswith("keras.layers."):
        name = entry.api[len("keras.layers."):]
        ndim = source.fixed.get("ndim") if source is not None else None
        return "layers." + (re.sub(r"[123]D", f"{ndim}D", name) if ndim else name)
    if "." not in entry.api and entry.op in LABEL_CLASSES:
        return LABEL_CLASSES[entry.op]
    if entry.api.isidentifier() and entry.api[:1].isupper():
        from nnport.frameworks.keras.support import SUPPORT
        return SUPPORT.helper_class(ctx, entry.api)
    return None


def tied_head(embedding: cst.BaseExpression, x: cst.BaseExpression) -> cst.BaseExpression:
    """A bias-free linear head whose weight is an Embedding's: `x @ embeddings.T`."""
    emb = cst.Attribute(embedding, cst.Name("embeddings"))
    return cst.parse_expression("ops.matmul(x, ops.transpose(e))").visit(_Put({"x": x, "e": emb}))


class _Put(cst.CSTTransformer):
    def __init__(self, nodes):
        super().__init__()
        self.nodes = nodes

    def leave_Name(self, original, updated):
        return self.nodes.get(original.value, updated)


# ---- the last touch on the output text ------------------------------------------------------------
_LIST_METHODS = frozenset({"append", "extend", "insert", "pop", "remove", "index", "count", "clear", "copy",
                           "reverse", "sort", "items", "keys", "values", "get", "update"})


def finish(text: str) -> tuple[str, set[str]]:
    """Where the file binds `layers` or `ops` itself (`layers = []` is common PyTorch), the Keras
    modules are named through `keras.` instead, so that neither hides the other; integer-array
    subscripts by a name become ops.take (operators.take_by_index_names). Returns the text and the
    names not to import."""
    text = take_by_index_names(text)
    candidates = {n for n in ("layers", "ops") if re.search(rf"(?<![\w.]){n}(?![\w.])", text)}
    if not candidates:
        return text, set()
    module = cst.parse_module(text)
    found = _Bindings(candidates)
    module.visit(found)
    if not found.bound:
        return text, set()
    return module.visit(_Qualify(found.bound)).code, found.bound


class _Bindings(cst.CSTVisitor):
    """Names among `names` that the file binds (assignment, loop, parameter, `as`, import)."""

    def __init__(self, names: set[str]):
        super().__init__()
        self.names, self.bound = names, set()

    def _target(self, node) -> None:
        for n in bound_names(node):
            if n in self.names:
                self.bound.add(n)

    def visit_AssignTarget(self, node): self._target(node.target)
    def visit_AnnAssign(self, node): self._target(node.target)
    def visit_AugAssign(self, node): self._target(node.target)
    def visit_For(self, node): self._target(node.target)
    def visit_CompFor(self, node): self._target(node.target)
    def visit_AsName(self, node): self._target(node.name)
    def visit_NamedExpr(self, node): self._target(node.target)

    def visit_Param(self, node):
        self._target(node.name)




class _Qualify(cst.CSTTransformer):
    def __init__(self, names: set[str]):
        super().__init__()
        self.names = names

    def leave_Attribute(self, original, updated):
        v = updated.value
        if isinstance(v, cst.Name) and v.value in self.names:
            attr = updated.attr.value
            ours = attr[:1].isupper() if v.value == "layers" else attr not in _LIST_METHODS
            if ours:
                return updated.with_changes(value=cst.Attribute(cst.Name("keras"), cst.Name(v.value)))
        return updated
