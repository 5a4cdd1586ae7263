"""The support matrix as data: every torch table entry x each target, and each source's reader tables.

A cell is
- "none":      the target has no writer for the entry's pivot op, or the tests exclude the entry for
               that target (gaps.py: no passing numeric test translates it), with the reason;
- "partial":   translated by a passing numeric test, but the writer refuses some arguments (its
               `raise Unsupported(...)` messages, hooks.py) or known failing test cases call it;
- "supported": translated by a passing numeric test, nothing refused.
Without the tests' gaps (an installed package) the cells say what the tables write only.
Reads the tables and imports no DL framework.
"""
from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field

from nnport import frameworks
from nnport.frameworks.spec import Unsupported
from nnport.support import hooks
from nnport.support.gaps import Gaps, apis_of
from nnport.translate.reading import target_entry

TARGETS = ("flax", "keras", "mxnet", "torch")   # columns: PyTorch -> X (torch: the round trip)
# frameworks read by reader tables of their own (their package's SOURCE); a new source is one name here
SOURCES = ("keras", "mxnet", "flax")
LABELS = {"torch": "PyTorch", "flax": "Flax NNX", "keras": "Keras 3", "mxnet": "MXNet Gluon"}
EXPRESSION, HELPER, OR = "an expression", "helper ", " or "
_RANK = r"(?<=[a-z]){}[dD](?![a-z0-9])"   # .format(rank): the rank in Conv2D, Conv1DTranspose, MaxPool1d
_DOTTED = re.compile(r"\b([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\s*[(,]")   # a call, or partial(api, ...)
GROUPS = ("layers", "functions", "tensor methods")
_TORCH_FAMILIES = {"layers": "nnport.frameworks.torch.layers", "functions": "nnport.frameworks.torch.functions"}
# how qualified names are shortened in cells (the spelling the translations import)
SHORT = (("torch.nn.functional.", "F."), ("torch.nn.", "nn."), ("Tensor.", "x."), ("mxnet.gluon.", "gluon."),
         ("mxnet.ndarray.", "F."), ("flax.nnx.", "nnx."), ("jax.numpy.", "jnp."))


@dataclass
class Cell:
    status: str                  # "supported" | "partial" | "none"
    written: str = ""            # the target API or helper it is written as
    refuses: list[str] = field(default_factory=list)   # the writer's diagnostics for some arguments
    failing: list[str] = field(default_factory=list)   # reasons of known failing test cases calling it
    reason: str = ""             # why not supported


@dataclass
class Row:
    api: str
    kind: str
    group: str                   # one of GROUPS
    family: str                  # the table module ("conv", "math"...)
    op: str
    reader: list[str] = field(default_factory=list)   # what the torch reader refuses (every target)
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class SourceRow:
    api: str
    kind: str
    op: str
    reader: list[str] = field(default_factory=list)
    writers: list[str] = field(default_factory=list)   # targets whose tables write the op


def short(api: str) -> str:
    for prefix, s in SHORT:
        if api.startswith(prefix):
            return s + api[len(prefix):]
    return api


def written_as(entry, facts: hooks.Facts) -> str:
    """A writer entry's API (`nnx.Linear`); else what its hook writes: a short expression
    (`input < other`) or the first API it calls (else "an expression" where it builds code from
    pieces), and the first two helpers it copies into the output."""
    if "." in entry.api and ":" not in entry.api:
        return short(entry.api)
    if ":" in entry.api and not facts.helpers:   # "loss:nll_loss": a support function of that name
        return HELPER + entry.api.split(":")[1]
    whole = [t for t in facts.templates if ("{input}" in t or "{x}" in t) and not re.search(r"lambda|…|<\w+>", t)]
    named = [c for c in facts.calls if c != "functools.partial"] + \
        [m.group(1) for t in facts.templates for m in [_DOTTED.search(t)] if m]
    parts = [whole[0].replace("{", "").replace("}", "")] if whole and len(whole[0]) <= 48 else named[:1]
    if not parts and any(re.search(r"\{\w+\}", t) for t in facts.templates):   # expr() pieces put together
        parts = [EXPRESSION]
    parts += [HELPER + h for h in facts.helpers[:2]]
    return OR.join(short(p) for p in parts) or EXPRESSION   # else a hook builds the syntax tree itself


def _families(registry: str) -> dict[str, str]:
    return importlib.import_module(registry + "._registry").FAMILY


def group_of(entry) -> str:
    if entry.kind == "layer":
        return "layers"
    return "tensor methods" if entry.api.startswith("Tensor.") else "functions"


def family_doc(group: str, family: str) -> str:
    """The first sentence of the family module's docstring."""
    pkg = _TORCH_FAMILIES["layers" if group == "layers" else "functions"]
    doc = (importlib.import_module(f"{pkg}.{family}").__doc__ or "").strip()
    return doc.split("\n\n", 1)[0].replace("\n", " ")


def refusals(entry) -> list[str]:
    """What the entry's read hook refuses (every target)."""
    found = hooks.of_function(entry.read).refusals if entry.read is not None else []
    return [r.replace("<api>", entry.api) for r in found]


def torch_rows(gaps: Gaps | None) -> list[Row]:
    torch = frameworks.get("torch")
    families = {**_families(_TORCH_FAMILIES["layers"]), **_families(_TORCH_FAMILIES["functions"])}
    targets = {t: frameworks.get(t) for t in TARGETS}
    failing = _failing(gaps)
    rows = []
    for entry in (*torch.layers, *torch.functions):
        row = Row(entry.api, entry.kind, group_of(entry), families[entry.api], entry.op, refusals(entry))
        for t, fw in targets.items():
            row.cells[t] = cell(entry, fw, t, gaps, failing.get(t, {}).get(entry.api, []))
        rows.append(row)
    order = {g: i for i, g in enumerate(GROUPS)}
    first = {}
    for i, r in enumerate(rows):
        first.setdefault((r.group, r.family), i)
    return sorted(rows, key=lambda r: (order[r.group], first[r.group, r.family]))   # families in table order


def _failing(gaps: Gaps | None) -> dict[str, dict[str, list[str]]]:
    """target -> torch API -> the reasons of the known failing cases that call it."""
    out: dict[str, dict[str, list[str]]] = {}
    for target, cases in (gaps.xfail if gaps else {}).items():
        for case, why in cases.items():
            for api in apis_of(case):
                reasons = out.setdefault(target, {}).setdefault(api, [])
                if why not in reasons:
                    reasons.append(why)
    return out


def _of_rank(registry, writer, entry):
    """Where one hook writes every rank (keras Conv1D/2D/3D share theirs; the engine takes the first),
    the entry named for the call's rank (`ndim`, fixed by nn.Conv2d)."""
    n = entry.fixed.get("ndim")
    if n is None or "ndim" in writer.fixed:
        return writer
    named = [w for w in registry.for_op(entry.op) if w.emit is not None and re.search(_RANK.format(n), w.api)]
    return named[0] if named else writer


def _rank_named(written: str, writer, entry) -> str:
    """A writer of every rank named for one (keras.layers.MaxPooling2D writes MaxPooling{n}D): the
    name for the call's rank."""
    n = entry.fixed.get("ndim")
    if n is None or "ndim" in writer.fixed or len(re.findall(_RANK.format("[123]"), written)) != 1:
        return written
    return re.sub(_RANK.format("[123]"), lambda m: n + m.group(0)[1:], written)


def cell(entry, fw, target: str, gaps: Gaps | None, failing: list[str]) -> Cell:
    registry = fw.layers if entry.kind == "layer" else fw.functions
    try:
        writer = target_entry(registry, entry.op, entry.api, fixed=entry.fixed)
    except Unsupported as e:
        reason = (gaps.excluded.get(target, {}).get(entry.api) if gaps else None) or str(e)
        return Cell("none", reason=reason)
    writer = _of_rank(registry, writer, entry)
    facts = hooks.of_writer(writer.emit)
    written = _rank_named(written_as(writer, facts), writer, entry)
    if gaps is not None and entry.api in gaps.excluded.get(target, {}):
        return Cell("none", written, reason=gaps.excluded[target][entry.api])
    refused = [r.replace("<api>", entry.api) for r in facts.refusals]
    return Cell("partial" if refused or failing else "supported", written, refused, sorted(failing))


def source_rows(name: str) -> list[SourceRow]:
    """A source's reader tables: API -> pivot op, what the reader refuses, which targets write the op."""
    fw = frameworks.source(name)
    writers = {t: frameworks.get(t) for t in TARGETS if t != name}
    rows = []
    # by API name: the order entries register in depends on which reader module was imported first
    for entry in (*sorted(fw.layers, key=lambda e: e.api), *sorted(fw.functions, key=lambda e: e.api)):
        row = SourceRow(entry.api, entry.kind, entry.op, refusals(entry))
        for t, target in writers.items():
            registry = target.layers if entry.kind == "layer" else target.functions
            if any(e.emit is not None for e in registry.for_op(entry.op)):
                row.writers.append(t)
        rows.append(row)
    return rows


def unattributed(gaps: Gaps | None, rows: list[Row]) -> dict[str, dict[str, str]]:
    """Known failing cases whose id names no torch API of the tables: target -> case -> reason."""
    if gaps is None:
        return {}
    apis = {r.api for r in rows}
    return {t: {case: why for case, why in sorted(x.items()) if not set(apis_of(case)) & apis}
            for t, x in gaps.xfail.items()}


def summary(rows: list[Row]) -> dict[str, dict[str, int]]:
    out = {t: {"supported": 0, "partial": 0, "none": 0} for t in TARGETS}
    for row in rows:
        for t, c in row.cells.items():
            out[t][c.status] += 1
    return out
