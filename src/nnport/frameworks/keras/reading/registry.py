"""Keras layer readers: a layer's get_config() (and its input shapes) -> pivot ops, as data.

    @reader("keras.layers.Dense")
    def dense(config, inputs, ctx) -> list[Step]

A reader is independent of how the model is walked (functional graph here, a subclassed model's
`__init__`/`call` in the CST route): it sees the config, the shapes of the tensors the layer is
called on (Keras order: `inputs[0]` is the first tensor argument, None for unknown sizes) and a
`ReadCtx` (call arguments, data format helpers, diagnostics). It returns `Step`s: pivot ops
(`Canon`, canonical = PyTorch argument names) that are either a module (`module` is its attribute
suffix: "" is the layer's own name) built in `__init__` and called in `forward`, or a function
written inline. Step inputs are the placeholders `_0`, `_1`... (the layer's tensor arguments for
the first step, the previous step's result after that).

Layouts: a step says which axis order it needs for its input relative to Keras' (`perm`; None:
any, the op is elementwise or says its axes in `axes`). A channels-first PyTorch layer on Keras'
channels-last data needs `cf(rank)`. The writer inserts permutes only where they change.
What a reader cannot translate raises `Unsupported`; what it translates with a caveat goes to
`ctx.report(...)`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import libcst as cst

from nnport.frameworks.spec import Canon, Unsupported

SAME = "same"      # a step's output perm: the one its input had


@dataclass
class Step:
    op: str                                   # pivot op ("" for `expr` steps)
    args: dict[str, Any] = field(default_factory=dict)   # canonical args: Python values or Code
    module: str | None = None                 # attribute suffix of a module step; None: a function
    call: str = "_0"                          # a module's call arguments (template over _0, _1...)
    perm: Any = None                          # input axis order needed (tuple), None: any
    out_perm: Any = SAME                      # output axis order: SAME, or a tuple (None: identity)
    axes: tuple[str, ...] = ()                # args holding Keras axes, remapped under the input perm
    outputs: tuple[str, ...] | None = None    # several results: templates over `_` (the raw result)
    expr: str | None = None                   # a plain expression template (no table has the op)
    construct: str | None = None              # a module built by code the walker writes (nested model)

    def canon(self) -> Canon:
        return Canon(self.op, {k: to_expr(v) for k, v in self.args.items()})


class Code(str):
    """An argument value that is source code, not a Python literal."""


def to_expr(value) -> cst.BaseExpression:
    if isinstance(value, cst.BaseExpression):
        return value
    if isinstance(value, Code):
        return cst.parse_expression(value)
    return cst.parse_expression(repr(value))


@dataclass
class ReadCtx:
    name: str = "layer"                       # the layer's Keras name
    api: str = ""                             # its class ("keras.layers.Dense")
    args: tuple = ()                          # the call's positional arguments, tensors as "_0", "_1"...
    kwargs: dict = field(default_factory=dict)
    diagnostics: list[tuple[str, str]] = field(default_factory=list)   # (severity, message)
    read: Callable | None = None              # read another layer (wrappers): (config, shapes) -> [Step]

    def report(self, message: str, severity: str = "warning") -> None:
        self.diagnostics.append((severity, f"{self.name}: {message}"))


Reader = Callable[[dict, list, ReadCtx], list[Step]]
READERS: dict[str, Reader] = {}


def reader(*apis: str):
    def register(fn: Reader) -> Reader:
        for api in apis:
            if api in READERS:
                raise KeyError(f"keras readers: duplicate reader for {api!r}")
            READERS[api] = fn
        return fn
    return register


def read_layer(api: str, config: dict, inputs: list, ctx: ReadCtx) -> list[Step]:
    fn = READERS.get(api)
    if fn is None:
        raise Unsupported(f"no reader for {api} (layer {ctx.name!r})")
    return fn(config, inputs, ctx)


# ---- layouts -----------------------------------------------------------------------------

def identity(rank: int) -> tuple[int, ...]:
    return tuple(range(rank))


def cf(rank: int, axis: int = -1) -> tuple[int, ...]:
    """The axis order a channels-first PyTorch layer needs: Keras axis `axis` moved to position 1."""
    axis %= rank
    return (0, axis, *[i for i in range(1, rank) if i != axis])


def channels_perm(config: dict, rank: int) -> tuple[int, ...]:
    return identity(rank) if config.get("data_format") == "channels_first" else cf(rank)


def spatial(config: dict, shape: tuple) -> tuple:
    """The spatial sizes of an input (Keras shape), by the layer's data_format."""
    return tuple(shape[2:]) if config.get("data_format") == "channels_first" else tuple(shape[1:-1])


def channels(config: dict, shape: tuple):
    return shape[1] if config.get("data_format") == "channels_first" else shape[-1]


def need(value, what: str, ctx: ReadCtx):
    """A size PyTorch needs at construction; unknown (None) -> Unsupported."""
    if value is None:
        raise Unsupported(f"{ctx.name}: {what} unknown (no example input to record shapes from)")
    return value


LAZY = Code("__lazy__")


def lazy(value, what: str, ctx: ReadCtx):
    """A module's input size (its first argument) where PyTorch has a lazy module for an unknown one:
    nn.LazyLinear, nn.LazyConv2d, nn.LazyBatchNorm2d... (the writer swaps the class)."""
    if value is None:
        ctx.report(f"{what} unknown (no example input): a PyTorch lazy module infers it on the first call")
        return LAZY
    return value


def report_extras(config: dict, ctx: ReadCtx, defaults: dict[str, Any]) -> None:
    """Initializers that differ from the defaults, any regularizer or constraint: diagnostics
    (the weights are copied from the Keras model anyway)."""
    for key, value in config.items():
        if value is None:
            continue
        if key.endswith(("_regularizer", "_constraint")):
            ctx.report(f"{key}={_short(value)} not translated (PyTorch has no per-layer {key.split('_')[-1]}; "
                       f"add it to the loss/optimizer)")
        elif key.endswith("_initializer") and _short(value) != defaults.get(key, _short(value)):
            ctx.report(f"{key}={_short(value)} not translated: PyTorch's default initialisation is used "
                       f"(weights are copied by transfer_weights)", "info")


def _short(value) -> str:
    if isinstance(value, dict):
        name = value.get("class_name", "?")
        cfg = {k: v for k, v in (value.get("config") or {}).items() if v is not None and k != "seed"}
        return f"{name}({', '.join(f'{k}={v!r}' for k, v in cfg.items())})"
    return repr(value)


def initializer_name(value) -> str:
    return value.get("class_name", "?") if isinstance(value, dict) else str(value)
