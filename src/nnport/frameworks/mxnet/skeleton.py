"""MXNet Gluon 1.9 idioms, as the engine writes them (Gluon as a target).

A translated class is a `gluon.HybridBlock` whose forward is `hybrid_forward(self, F, x, ...)`: its
operators are `F.*` (mx.nd when run imperatively, mx.sym once hybridized), so the model gives the same
numbers after `hybridize()`. Layers compute channels-first (NCHW, Gluon's default layout), so no axis
moves. Parameters are `self.params.get(...)` (what `collect_params()` and `initialize()` see; their
values arrive in hybrid_forward as keyword arguments); buffers are `self.params.get_constant(...)`.
Sequential containers are `nn.HybridSequential`; a ModuleList is one too (Gluon tracks no plain lists).
The engine writes a forward as for any target; `hybrid.finish` then gives it `F` and the parameters,
or, where the forward needs concrete shapes or values (it reads `x.shape`, writes into a tensor...),
writes the file's classes as imperative `gluon.Block`s with `nd.*` operators, and says so.
"""
from __future__ import annotations

import re

import libcst as cst

from nnport.frameworks.mxnet.hybrid import finish  # noqa: F401  (the skeleton's last touch on the text)
from nnport.frameworks.mxnet.functions.indexing import index_update  # noqa: F401  (x[i] = v)
from nnport.frameworks.mxnet.operators import is_scalar as may_be_int, tensor_operation, tensor_subscript, tensor_unary  # noqa: F401,E501  (the engine tracks scalar names as may_be_int)

IMPORT_ROOTS = ("mxnet",)
UNPACKS_SCALARS = True   # `b, c = x.shape` binds numbers (their arithmetic stays operators)
LAYOUT = "channels_first"
MODULE_BASE = "gluon.HybridBlock"
FORWARD = "hybrid_forward"
CALLED = "forward"   # what Block.__call__ calls, HybridBlocks (hybrid_forward behind it) included
SIZES_FROM_FIRST_CALL = True   # Gluon defers a parameter's shape to the first call (in_units=0)
CALLS_SUPER_INIT = True        # Block.__init__ must run: `super().__init__()` stays
INIT_EXTRA_PARAM = None
RNGS = None
TRAINING_PARAM = None          # Gluon's mode is global: autograd.record(train_mode=...) / predict_mode
TRAINING_FLAG_INIT = None
TRAINING_EXPR = "autograd.is_training()"
CONTAINERS = {
    "sequential": "nn.HybridSequential",
    "module_list": "nn.HybridSequential",
    "module_dict": "BlockDict",
    "param_list": "parameter_list",   # numbered parameters (support/containers.py)
    "param_dict": None,
}
SEQUENTIAL_APPEND = "self.register_child({value}, {name})"   # add_module(name, m): the child keeps its name
STOP_GRADIENT = "F.stop_gradient"
NO_GRAD = "autograd.pause"
ENABLE_GRAD = "autograd.record"
MOVE_AXIS = "F.moveaxis"   # never needed: every layer takes the source's layout
PARAMETER_MARK = "__nnport_parameter__"   # nn.Parameter(v) until hybrid.finish knows its name
IMPORTS = {
    "math": "import math",
    "itertools": "import itertools",
    "functools": "import functools",
    "partial": "from functools import partial",
    "np": "import numpy as np",
    "mx": "import mxnet as mx",
    "autograd": "from mxnet import autograd",
    "gluon": "from mxnet import gluon",
    "nd": "from mxnet import nd",
    "nn": "from mxnet.gluon import nn",
    "rnn": "from mxnet.gluon import rnn",
}
# Names a Gluon Block defines (methods, properties): an attribute of the source with such a name is
# renamed with a trailing underscore (runtime.child reads it back).
RESERVED_ATTRS = frozenset({
    "name", "prefix", "params", "name_scope", "collect_params", "initialize", "hybridize", "cast",
    "forward", "hybrid_forward", "register_child", "register_forward_hook", "register_forward_pre_hook",
    "save_parameters", "load_parameters", "summary", "export", "infer_shape", "infer_type",
    "register_op_hook", "share_parameters", "zero_grad", "reset_ctx"})
_EQ = cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))


def reserved_name(name: str) -> str:
    return name + "_" if name in RESERVED_ATTRS else name


def variable(value: cst.BaseExpression, trainable: bool) -> cst.BaseExpression:
    """nn.Parameter(value): a mark that hybrid.finish turns into `self.params.get(name, ...)` once the
    attribute it is assigned to is known."""
    args = [cst.Arg(value)]
    if not trainable:
        args.append(cst.Arg(cst.SimpleString("'null'"), keyword=cst.Name("grad_req"), equal=_EQ))
    return cst.Call(cst.Name(PARAMETER_MARK), args)


def register_statement(kind: str, name: cst.SimpleString, value: cst.BaseExpression, rest) -> cst.BaseSmallStatement:
    """register_buffer("mask", v) -> self.mask = self.params.get_constant("mask", v); a registered
    parameter as nn.Parameter."""
    attr = cst.Attribute(cst.Name("self"), cst.Name(name.evaluated_value))
    if kind == "parameter":
        return cst.Assign([cst.AssignTarget(attr)], value)
    if isinstance(value, cst.Name) and value.value == "None":
        return cst.Assign([cst.AssignTarget(attr)], value)
    new = cst.Call(cst.parse_expression("self.params.get_constant"), [cst.Arg(name), cst.Arg(value)])
    return cst.Assign([cst.AssignTarget(attr)], new)


def read_variable(node: cst.BaseExpression) -> cst.BaseExpression:
    """`self.w` (a Parameter) read as an array: `self.w.data()` (in hybrid_forward, hybrid.finish
    makes it the keyword argument `w`; `self.ws[i].data()` of a ParameterList `params[f"ws{i}"]`)."""
    return cst.Call(cst.Attribute(node, cst.Name("data")), [])


def container(kind: str, args: list[cst.Arg]) -> cst.BaseExpression:
    """Sequential(a, b) / ModuleList([a, b]) -> nn.HybridSequential() holding them (its constructor
    takes none: the helper `hybrid_sequential(a, b)` adds them); ModuleDict(d) -> BlockDict(d);
    ParameterList(values) -> parameter_list(self, name, values) (hybrid.finish, which knows the name)."""
    from nnport.frameworks.spec import Unsupported
    if CONTAINERS.get(kind) is None:
        raise Unsupported(f"Gluon has no container of parameters ({kind}): use self.params.get per name")
    return cst.Call(cst.Name("__nnport_container__"), [cst.Arg(cst.SimpleString(repr(kind))), *[
        a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args]])


def sequential_init(args: list[cst.Arg]) -> list[cst.Arg]:
    """`super().__init__(a, b)` of a Sequential subclass: HybridSequential's constructor takes no
    layers; hybrid.finish moves them into `self.add(a, b)`."""
    return [cst.Arg(cst.Call(cst.Name("__nnport_add__"), [a.with_changes(comma=cst.MaybeSentinel.DEFAULT)
                                                         for a in args]))] if args else []


def transpose(node: cst.BaseExpression, perm: tuple[int, ...]) -> cst.BaseExpression:
    args = [cst.Arg(node)]
    if perm != (1, 0):
        args.append(cst.Arg(cst.parse_expression(repr(perm)), keyword=cst.Name("axes"), equal=_EQ))
    return cst.Call(cst.parse_expression("F.transpose"), args)


def layer_extra_kwargs(signature: str | None) -> list[tuple[str, str]]:
    return []


def channels_first(layer: cst.BaseExpression, ctx) -> cst.BaseExpression:
    return layer   # every Gluon layer here takes channels-first input


APPLY_METHOD = "apply"   # Block.apply(fn): fn on every child block, then the block itself (as PyTorch)
# self.modules() / self.children(): (path, module) pairs, as the engine's loops unpack them.
ITER_MODULES = {"all": "((None, m) for m in iter_blocks({module}))",
                "children": "((None, m) for m in {module}._children.values())"}

_PRESENT = {"bias": "bias", "beta": "beta", "gamma": "gamma"}


def layer_class(entry, ctx, source=None) -> str | None:
    """The class a translated layer is an instance of (for isinstance checks)."""
    ndim = source.fixed.get("ndim") if source is not None else None
    for prefix, short in (("mxnet.gluon.nn.", "nn."), ("mxnet.gluon.rnn.", "rnn.")):
        if entry.api.startswith(prefix):   # one Gluon class per spatial rank: the source's
            name = entry.api[len(prefix):]
            return short + (re.sub(r"[123]D", f"{ndim}D", name) if ndim else name)
    if entry.api.isidentifier() and entry.api[:1].isupper():
        from nnport.frameworks.mxnet.support import helper_class
        return helper_class(ctx, entry.api)
    return None


def writes_in_place(new: cst.BaseExpression) -> bool:
    """An init's write is the statement itself: `setattr(param, "init", initializer)`."""
    return isinstance(new, cst.Call) and isinstance(new.func, cst.Name) and new.func.value == "setattr" and \
        len(new.args) == 3


def write_statement(stmt: cst.Expr) -> cst.BaseSmallStatement:
    """`setattr(param, "init", initializer)` standing alone: `param.init = initializer`."""
    call = stmt.value
    if writes_in_place(call) and isinstance(call.args[1].value, cst.SimpleString):
        return cst.Assign([cst.AssignTarget(cst.Attribute(call.args[0].value, cst.Name(
            call.args[1].value.evaluated_value)))], call.args[2].value)
    return stmt


def share_weights(built: cst.BaseExpression, owner: cst.BaseExpression) -> cst.BaseExpression:
    """Weight tying: a block built with `params=owner.params` takes owner's Parameter of each name
    it asks for (Gluon 1.x refuses a Parameter assigned as an attribute); one Parameter remains."""
    from nnport.frameworks.spec import Unsupported
    if not isinstance(built, cst.Call):
        raise Unsupported("weight tying of a layer that is not built by one call: share it with params= by hand")
    return built.with_changes(args=[*built.args, cst.Arg(cst.Attribute(owner, cst.Name("params")), keyword=cst.Name(
        "params"), equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")))])


def tied_head(embedding: cst.BaseExpression, x: cst.BaseExpression) -> cst.BaseExpression:
    from nnport.frameworks.spec import Unsupported
    raise Unsupported("a head tied to an embedding's weight: Gluon shares it with params=emb.params")
from nnport.frameworks.mxnet import training as TRAIN_WRITER  # noqa: E402,F401  (training loops: train_loop.py)
