"""PyTorch as a target: the skeleton's functions (skeleton.py holds the constants and imports these).

PyTorch is the framework the pivot's conventions come from: channels-first layers, mutable tensors,
parameters and buffers that are tensors, submodules found by attribute. Most functions here are
therefore the identity; they exist so that the engine asks every target the same questions.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.spec import code

# Iterating over a module's submodules: (name, module) pairs; "all" includes the module itself.
ITER_MODULES = {"all": "{module}.named_modules()", "children": "{module}.named_children()"}


def transpose(node: cst.BaseExpression, perm: tuple[int, ...]) -> cst.BaseExpression:
    """An array with its axes permuted (`.T` for a 2-d swap)."""
    if perm == (1, 0):
        return cst.Attribute(node, cst.Name("T"))
    return cst.parse_expression(f"({code(node)}).permute{perm!r}")


def read_variable(node: cst.BaseExpression) -> cst.BaseExpression:
    """A parameter or buffer is a tensor: read as it is."""
    return node


def layer_extra_kwargs(signature: str | None) -> list[tuple[str, str]]:
    """No keyword every layer needs (Flax's rngs)."""
    return []


_AUGMENTED = {"add": cst.AddAssign, "subtract": cst.SubtractAssign, "multiply": cst.MultiplyAssign,
              "divide": cst.DivideAssign}


def index_update(target: cst.Subscript, value: cst.BaseExpression, how: str, ctx=None) -> cst.BaseSmallStatement:
    """`x[i] = v` and `x[i] += v` stay as they are: PyTorch tensors are mutable."""
    if how == "set":
        return cst.Assign([cst.AssignTarget(target)], value)
    return cst.AugAssign(target, _AUGMENTED[how](), value)


def channels_first(layer: cst.BaseExpression, ctx) -> cst.BaseExpression:
    """Every PyTorch layer takes channels-first arrays already."""
    return layer


def layer_class(entry, ctx, source=None) -> str | None:
    """The class a translated layer is an instance of (isinstance checks): the entry's own."""
    from nnport.frameworks.torch.writing import spelled
    if entry.kind == "layer" and entry.api.startswith("torch.nn.") and entry.api[9:10].isupper() and \
            entry.api.count(".") == 2:
        return spelled(entry.api)
    return None


def register_statement(kind: str, name: cst.BaseExpression, value: cst.BaseExpression,
                       rest: list[cst.Arg]) -> cst.BaseSmallStatement:
    """A buffer or parameter registered by name: `self.register_buffer("name", value, persistent=False)`,
    `self.register_parameter("name", None)`."""
    method = cst.Attribute(cst.Name("self"), cst.Name(f"register_{kind}"))
    args = [cst.Arg(name), cst.Arg(value), *rest]
    return cst.Expr(cst.Call(method, [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args]))


def writes_in_place(node: cst.BaseExpression) -> bool:
    """A call that writes into its tensor argument (`nn.init.normal_(w)`, `w.zero_()`): PyTorch's
    convention is a name ending in one underscore. Such a statement needs no rebinding."""
    if not isinstance(node, cst.Call):
        return False
    name = code(node.func).rsplit(".", 1)[-1]
    return name.endswith("_") and not name.endswith("__")


def sequential_init(args: list[cst.Arg]) -> list[cst.Arg]:
    """`super().__init__([a, b])` of a Sequential subclass (Keras' one list of layers):
    nn.Sequential takes the modules as arguments, `super().__init__(a, b)`; other forms stay."""
    if len(args) != 1 or args[0].star or args[0].keyword is not None or not isinstance(args[0].value, cst.List):
        return args
    return [cst.Arg(e.value, star="*") if isinstance(e, cst.StarredElement) else cst.Arg(e.value)
            for e in args[0].value.elements]
