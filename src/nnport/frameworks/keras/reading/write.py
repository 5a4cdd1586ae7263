"""Steps (pivot ops from the readers) -> the lines of one PyTorch class, through the torch tables.

A `Value` is a tensor of the forward being written: its variable and its axis order relative to
Keras' (`perm`; None is Keras' own order). Before a step the inputs are permuted to the order it
needs, once per value and order (a later step needing the same order reuses the permuted copy), so
a chain of channels-first layers permutes only at its ends.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import libcst as cst

from nnport import frameworks
from nnport.frameworks.keras.reading.helpers import HELPERS
from nnport.frameworks.keras.reading.names import Names, attr_name
from nnport.frameworks.keras.reading.registry import SAME, Step, cf, identity
from nnport.frameworks.spec import Unsupported, code
from nnport.translate.reading import signature, target_entry, write

_PLACEHOLDER = re.compile(r"(?<![\w.])_(\d*)(?!\w)")


def fill(template: str, values: dict[str, str]) -> str:
    """`_0`, `_1`, `_` in a template replaced (one pass) by the code in `values`."""
    return _PLACEHOLDER.sub(lambda m: values.get(f"_{m.group(1)}", m.group(0)), template)


def norm_perm(perm, rank: int | None = None):
    if perm is None:
        return None
    perm = tuple(perm)
    return None if perm == identity(len(perm)) else perm


@dataclass
class Value:
    name: str
    perm: tuple | None = None
    rank: int | None = None
    versions: dict = field(default_factory=dict)   # perm -> variable holding this value in that order


def _paren(text: str) -> str:
    try:
        node = cst.parse_expression(text)
    except Exception:  # noqa: BLE001
        return f"({text})"
    simple = (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.Integer, cst.Float)
    return text if isinstance(node, simple) else f"({text})"


class ClassWriter:
    def __init__(self, name: str):
        self.name = name
        self.init: list[str] = []
        self.forward: list[str] = []
        self.modules: dict[str, str] = {}     # attribute -> constructor code
        self.vars = Names()
        self.helpers: set[str] = set()
        self.torch = frameworks.get("torch")

    # ---- layouts ---------------------------------------------------------------------------
    def as_perm(self, v: Value, perm) -> str:
        perm = norm_perm(perm)
        if perm == v.perm:
            return v.name
        if perm in v.versions:
            return v.versions[perm]
        rank = len(perm) if perm is not None else len(v.perm)
        have = v.perm or identity(rank)
        want = perm or identity(rank)
        r = tuple(have.index(a) for a in want)   # torch axes of `v` giving the wanted order
        suffix = "cf" if want == cf(rank) else "cl" if have == cf(rank) and perm is None else "t"
        var = self.vars.new(f"{v.name}_{suffix}")
        self.forward.append(f"{var} = {v.name}.permute{r!r}")
        v.versions[perm] = var
        return var

    # ---- writing ops ---------------------------------------------------------------------------
    def _function(self, step: Step) -> str:
        canon = step.canon()
        entry = target_entry(self.torch.functions, step.op, step.op, canon)
        _defaults(canon, entry)
        return code(write(entry, canon, None))

    def _constructor(self, step: Step) -> str:
        if not step.op:
            name = step.construct.split("(", 1)[0]
            if name in HELPERS:
                self.helpers.add(name)
            return step.construct
        canon = step.canon()
        entry = target_entry(self.torch.layers, step.op, step.op, canon)
        _defaults(canon, entry)
        text = code(write(entry, canon, None))
        if "__lazy__" in text:   # an input size unknown: the lazy module (nn.LazyLinear(8))
            if step.construct:
                self.init.append(f"# nnport: {step.construct} (Keras' training statistics) has no lazy form")
            return re.sub(r"^nn\.(\w+)\(__lazy__,? ?", r"nn.Lazy\1(", text)
        if step.construct:   # a helper subclass of the table's class (same arguments)
            head = text.split("(", 1)[0]
            text = step.construct + text[len(head):]
            if step.construct in HELPERS:
                self.helpers.add(step.construct)
        return text

    def module(self, attr: str, constructor: str, ctx) -> None:
        old = self.modules.get(attr)
        if old is None:
            self.modules[attr] = constructor
            self.init.append(f"self.{attr} = {constructor}")
        elif old != constructor:
            ctx.report(f"shared layer called on inputs that need another module ({constructor} vs {old}): "
                       "the first is used")

    def steps(self, steps: list[Step], inputs: list[Value], layer_name: str, out_ranks: list, ctx) -> list[Value]:
        """Write a layer's steps; returns its output values (Keras order of outputs)."""
        current = inputs
        var = self.vars.new(layer_name)
        for i, step in enumerate(steps):
            vals = current
            last = i == len(steps) - 1
            perm = step.perm
            if perm is None and vals:
                perm = vals[0].perm
                if any(v.rank != vals[0].rank for v in vals if v.rank is not None and vals[0].rank is not None):
                    perm = None
            perm = norm_perm(perm)
            names = {f"_{k}": self.as_perm(v, perm if perm is None or v.rank in (None, len(perm)) else None)
                     for k, v in enumerate(vals)}   # a mask (lower rank) stays in Keras' order
            rank = len(perm) if perm else (vals[0].rank if vals else None)
            for a in step.axes:
                step.args[a] = _remap(step.args[a], perm, rank)
            if step.module is not None:
                attr = attr_name(layer_name, step.module)
                self.module(attr, self._constructor(step), ctx)
                expr = f"self.{attr}({fill(step.call, {k: v for k, v in names.items()})})"
            elif step.expr is not None:
                expr = fill(step.expr, {k: _paren(v) if step.expr != k else v for k, v in names.items()})
            else:
                expr = fill(self._function(step), names)
            out_perm = perm if step.out_perm == SAME else \
                step.out_perm(perm) if callable(step.out_perm) else step.out_perm
            out_perm = norm_perm(out_perm)
            out_rank = rank if step.out_perm == SAME or callable(step.out_perm) and rank is None else \
                len(out_perm) if out_perm else None
            if step.outputs and len(step.outputs) > 1:
                self.forward.append(f"{var} = {expr}")
                outs = []
                for k, t in enumerate(step.outputs):
                    name = self.vars.new(f"{layer_name}_{k}")
                    self.forward.append(f"{name} = {fill(t, {**names, '_': var})}")
                    outs.append(Value(name, None, out_ranks[k] if k < len(out_ranks) else None))
                if not last:
                    raise Unsupported(f"{layer_name}: a step with several outputs must come last")
                return outs
            if step.outputs:
                expr = fill(step.outputs[0], {**names, "_": expr})
            if expr == (vals[0].name if vals else None) or (vals and expr == names.get("_0") and not last):
                current = [Value(expr, out_perm, out_ranks[0] if last and out_ranks else out_rank)]
                continue
            self.forward.append(f"{var} = {expr}")
            current = [Value(var, out_perm, out_ranks[0] if last and out_ranks else out_rank)]
        return current


def _defaults(canon, entry) -> None:
    """The writer entry's own defaults, as a source call read by the tables would carry them."""
    for p in signature(entry.signature).params:
        name = entry.rename.get(p.name, p.name)
        if p.default is not None and name not in canon.args:
            canon.defaults[name] = p.default


def _remap(value, perm, rank):
    """Keras axes -> the axes of the tensor in order `perm`."""
    if perm is None or rank is None:
        return value
    if isinstance(value, (tuple, list)):
        return type(value)(perm.index(a % rank) for a in value)
    return perm.index(value % rank)
