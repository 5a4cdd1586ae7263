"""The table format shared by every framework folder.

Source side: an API of the framework -> a pivot op with canonical arguments (`Entry` read as source).
Target side: a pivot op -> this framework's code (`Entry` emitted as target).
One `Entry` serves both directions where the framework is both: `api`, `signature`, `rename` and
`weights` describe the framework's API; `emit` says how to write it; `read` how to read it.
Exceptions that data cannot say are small named functions in `hooks` of the entry.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any, Callable

import libcst as cst

from nnport.pivot.signature import Signature

NOT_LITERAL = object()


class Unsupported(Exception):
    """This use of an API cannot be translated; the message says why (becomes a diagnostic)."""


@dataclass(frozen=True)
class W:
    """A weight: its canonical (pivot) name and its axis labels, e.g. W("weight", "out,in")."""
    name: str
    axes: str
    transform: str | None = None  # named conversion in nnport.weights.transforms


def literal(node: cst.BaseExpression | None) -> Any:
    """The Python value of a literal expression, or NOT_LITERAL."""
    if node is None:
        return NOT_LITERAL
    try:
        return ast.literal_eval(cst.Module([]).code_for_node(node))
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return NOT_LITERAL


def code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)


@dataclass
class Canon:
    """A call read into the pivot: op name and canonical arguments (LibCST expressions)."""
    op: str
    args: dict[str, cst.BaseExpression] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)  # canonical name -> default source text
    varargs: list[cst.BaseExpression] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # facts hooks attach (e.g. ndim, receiver)

    def given(self, name: str) -> bool:
        return name in self.args

    def get(self, name: str) -> cst.BaseExpression | None:
        if name in self.args:
            return self.args[name]
        if name in self.defaults:
            return cst.parse_expression(self.defaults[name])
        return None

    def lit(self, name: str) -> Any:
        return literal(self.get(name))

    def set(self, name: str, value: cst.BaseExpression | str) -> None:
        self.args[name] = cst.parse_expression(value) if isinstance(value, str) else value


Hook = Callable[..., Any]


@dataclass
class Entry:
    api: str                      # qualified name ("torch.nn.Linear"), or "Tensor.view" for methods
    op: str                       # pivot op
    signature: str                # the framework's own signature, Python syntax
    kind: str = "function"        # "layer" | "function" | "method" | "attribute"
    rename: dict[str, str] = field(default_factory=dict)   # framework arg -> canonical arg
    fixed: dict[str, str] = field(default_factory=dict)    # canonical arg -> code, set when read
    ignore: tuple[str, ...] = ()  # framework args without numerical effect (device...); "**kwargs": any
    weights: dict[str, W] = field(default_factory=dict)    # framework param path -> weight
    emit: Any = None              # target side: an Emit (see nnport.translate.emit) or a hook
    read: Hook | None = None      # source side hook: (Canon, ctx) -> Canon, may raise Unsupported
    layout: str | None = None     # "channels_last": input/outputs put channels on the last axis
    call: Hook | None = None      # target side: (construction Canon, call node, ctx) -> call site code
    transfer: Hook | None = None  # target side: (source arrays by canonical name, module, runtime) -> None
    writes: tuple[str, ...] = ()  # target side: more pivot ops `emit` writes (ops read hooks make: max_dim)
    notes: str = ""

    def sig(self) -> Signature:
        return Signature.parse(self.signature)

    @property
    def method_name(self) -> str:
        return self.api.rsplit(".", 1)[1]


class Registry:
    """Entries of one table, keyed by API; refuses duplicates, errors name the missing key."""

    def __init__(self, name: str):
        self.name = name
        self._by_api: dict[str, Entry] = {}
        self._by_op: dict[str, list[Entry]] = {}

    def add(self, entry: Entry) -> Entry:
        if entry.api in self._by_api:
            raise KeyError(f"{self.name}: duplicate entry for {entry.api!r}")
        self._by_api[entry.api] = entry
        for op in (entry.op, *entry.writes):
            self._by_op.setdefault(op, []).append(entry)
        return entry

    def add_op(self, op: str, entry: Entry) -> None:
        """`entry` also writes `op` (one a read hook makes, such as max -> max_dim)."""
        entry.writes = (*entry.writes, op)
        self._by_op.setdefault(op, []).append(entry)

    def __contains__(self, api: str) -> bool:
        return api in self._by_api

    def get(self, api: str) -> Entry | None:
        return self._by_api.get(api)

    def for_op(self, op: str) -> list[Entry]:
        return self._by_op.get(op, [])

    def __iter__(self):
        return iter(self._by_api.values())

    def __len__(self) -> int:
        return len(self._by_api)
