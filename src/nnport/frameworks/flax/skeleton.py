"""Flax NNX idioms, as the engine writes them (Flax as a target)."""
from __future__ import annotations

import libcst as cst

IMPORT_ROOTS = ("flax", "jax")
LAYOUT = "channels_last"
MODULE_BASE = "nnx.Module"
FORWARD = "__call__"
# Keyword-only constructor parameter every translated module class takes, and how it is passed on.
INIT_EXTRA_PARAM = ("rngs", "nnx.Rngs")
RNGS = "rngs"
# How a translated module knows whether it is training: model.train()/eval() set `deterministic`
# on every submodule that has the attribute (nnx.Module.set_attributes).
TRAINING_FLAG_INIT = "self.deterministic = False"
TRAINING_EXPR = "not self.deterministic"
CONTAINERS = {
    "sequential": "nnx.Sequential",
    "module_list": "nnx.List",
    "module_dict": "nnx.Dict",
    "param_list": "nnx.List",
    "param_dict": "nnx.Dict",
}
# add_module(name, layer) in a Sequential subclass: its next layer.
SEQUENTIAL_APPEND = "self.layers.append({value})"
# Random numbers drawn outside any module (PyTorch's global generator): one seeded stream per file.
GLOBAL_RNGS = ("default_rngs", "default_rngs = nnx.Rngs(0)  # random numbers drawn outside a module")
STOP_GRADIENT = "jax.lax.stop_gradient"   # what a tensor computed under torch.no_grad() becomes
PARAMETER = "nnx.Param"
BUFFER = "nnx.BatchStat"   # non-trainable state that model.train() may update
# Import lines for names the generated code uses, and the order they are written in.
IMPORTS = {
    "math": "import math",
    "functools": "import functools",
    "partial": "from functools import partial",
    "np": "import numpy as np",
    "optax": "import optax",
    "jax": "import jax",
    "jnp": "import jax.numpy as jnp",
    "nnx": "from flax import nnx",
}


from nnport.frameworks.flax import training as TRAIN_WRITER  # noqa: E402  (training loops: train_loop.py)

MOVE_AXIS = "jnp.moveaxis"   # moveaxis(x, source, destination): layout moves at layer boundaries


def transpose(node: cst.BaseExpression, perm: tuple[int, ...]) -> cst.BaseExpression:
    """An array with its axes permuted (`.T` for a 2-d swap): a weight read in the source's layout."""
    if perm == (1, 0):
        return cst.Attribute(node, cst.Name("T"))
    return cst.Call(cst.parse_expression("jnp.transpose"), [
        cst.Arg(node), cst.Arg(cst.parse_expression(repr(perm)))])


def read_variable(node: cst.BaseExpression) -> cst.BaseExpression:
    """`self.w` (an nnx.Variable) read as an array: `self.w[...]`."""
    return cst.Subscript(node, [cst.SubscriptElement(cst.Index(cst.Ellipsis()))])


def variable(value: cst.BaseExpression, trainable: bool) -> cst.BaseExpression:
    """nn.Parameter(value) -> nnx.Param(value); a buffer -> nnx.BatchStat(value)."""
    return cst.Call(cst.parse_expression(PARAMETER if trainable else BUFFER), [cst.Arg(value)])


def layer_extra_kwargs(signature: str | None) -> list[tuple[str, str]]:
    """Keyword arguments a constructed layer gets: rngs, where its signature names them (layers
    written as functions, partials or lambdas have no signature and get none)."""
    if signature is not None and "rngs" in signature:
        return [("rngs", RNGS)]
    return []


def index_update(target: cst.Subscript, value: cst.BaseExpression, how: str, ctx=None) -> cst.Assign:
    """`x[i] = v` -> `x = x.at[i].set(v)` (and add/subtract/multiply/divide for augmented forms)."""
    at = cst.Subscript(cst.Attribute(target.value, cst.Name("at")), target.slice)
    new = cst.Call(cst.Attribute(at, cst.Name(how)), [cst.Arg(value)])
    return cst.Assign([cst.AssignTarget(target.value)], new)


_CHANNELS_FIRST = {"nnx.Conv": "ChannelsFirstConv", "nnx.ConvTranspose": "ChannelsFirstConvTranspose"}


def channels_first(layer: cst.BaseExpression, ctx) -> cst.BaseExpression:
    """A channels-last layer made to take and return channels-first arrays."""
    from nnport.frameworks.flax.support import helper
    if isinstance(layer, cst.Call):
        name = cst.Module([]).code_for_node(layer.func)
        if name in _CHANNELS_FIRST:
            return layer.with_changes(func=cst.Name(helper(ctx, "layout", _CHANNELS_FIRST[name])))
        if any(a.keyword is not None and a.keyword.value == RNGS for a in layer.args):
            # a layer object: wrapping its constructor in a lambda would rebuild it on every call
            from nnport.frameworks.spec import Unsupported
            raise Unsupported(f"{name} built where nnport cannot see its call sites: it computes "
                              "channels-last; move the axes by hand")
    fn = cst.Module([]).code_for_node(layer)
    return cst.parse_expression(f"lambda x: jnp.moveaxis(({fn})(jnp.moveaxis(x, 1, -1)), -1, 1)")


# Iterating over a module's submodules (PyTorch's self.modules() / self.children() / self.apply(fn)):
# each yields (path, module) pairs; "all" includes the module itself.
ITER_MODULES = {"all": "nnx.iter_modules({module})", "children": "nnx.iter_children({module})"}


def layer_class(entry, ctx, source=None) -> str | None:
    """The class a translated layer is an instance of (for isinstance checks); None when the
    translation is a function, not a module."""
    if entry.api.startswith("flax.nnx."):
        return "nnx." + entry.api[len("flax.nnx."):]
    if entry.api.isidentifier() and entry.api[:1].isupper():
        from nnport.frameworks.flax.support import helper_class
        return helper_class(ctx, entry.api)
    return None


def tied_head(embedding: cst.BaseExpression, x: cst.BaseExpression) -> cst.BaseExpression:
    """A bias-free linear head whose weight is an nnx.Embed's embedding: `emb.attend(x)`."""
    return cst.Call(cst.Attribute(embedding, cst.Name("attend")), [cst.Arg(x)])
