"""The support matrix as Markdown (docs/support.md) or JSON."""
from __future__ import annotations

import json
from dataclasses import asdict

from nnport.frameworks.torch.tensor_methods import TENSOR_METHODS
from nnport.support import matrix
from nnport.support.matrix import GROUPS, LABELS, SOURCES, TARGETS

COMMAND = "python -m nnport.support > docs/support.md"
MARK = {"supported": "✓", "partial": "◐", "none": "✗"}
WORD = {"supported": "supported", "partial": "partial", "none": "not supported"}


def data(gaps) -> dict:
    rows = matrix.torch_rows(gaps)
    return {
        "gaps": gaps.origin if gaps else None,
        "targets": list(TARGETS),
        "summary": matrix.summary(rows),
        "torch": [asdict(r) for r in rows],
        "sources": {s: [asdict(r) for r in matrix.source_rows(s)] for s in SOURCES},
        "unattributed": matrix.unattributed(gaps, rows),
    }


def as_json(gaps) -> str:
    return json.dumps(data(gaps), indent=1, ensure_ascii=False) + "\n"


def _esc(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return f"`{_esc(text)}`" if text else ""


class Reasons:
    """The reasons of the cells not supported, numbered in order of first use."""

    def __init__(self):
        self.ids: dict[str, str] = {}
        self.targets: dict[str, list[str]] = {}

    def ref(self, reason: str, target: str) -> str:
        rid = self.ids.setdefault(reason, f"R{len(self.ids) + 1}")
        if target not in self.targets.setdefault(reason, []):
            self.targets[reason].append(target)
        return rid


def _written(text: str) -> str:
    if text == matrix.EXPRESSION:
        return text
    return matrix.OR.join(f"helper {_code(p[len(matrix.HELPER):])}" if p.startswith(matrix.HELPER) else _code(p)
                          for p in text.split(matrix.OR))


def _cell(c: dict, target: str, reasons: Reasons) -> str:
    if c["status"] == "none":
        rid = reasons.ref(c["reason"], target)
        return f"✗ [{rid}](#{rid.lower()})"
    return f"{MARK[c['status']]} {_written(c['written'])}"


def _notes(row: dict) -> str | None:
    parts = [f"PyTorch reader (every target) refuses {'; '.join(row['reader'])}"] if row["reader"] else []
    for t in TARGETS:
        c = row["cells"][t]
        said = ([f"refuses {'; '.join(c['refuses'])}"] if c["refuses"] else []) + \
            ([f"known failing cases: {'; '.join(c['failing'])}"] if c["failing"] else [])
        if said:
            parts.append(f"{LABELS[t]} {'; '.join(said)}")
    return f"- `{row['api']}`: " + _esc(" · ".join(parts)) if parts else None


def _summary(d: dict) -> list[str]:
    n = len(d["torch"])
    lines = [f"## Summary: PyTorch as the source ({n} table entries)", "",
             "| target | ✓ supported | ◐ partial | ✗ not supported |", "|---|---:|---:|---:|"]
    for t in TARGETS:
        s = d["summary"][t]
        name = LABELS[t] + (" (round trip)" if t == "torch" else "")
        lines.append(f"| {name} | {s['supported']} | {s['partial']} | {s['none']} |")
    methods = sum(r["api"].startswith("Tensor.") and r["kind"] == "method" for r in d["torch"])
    lines += ["", f"Tensor methods: {methods} entries for the {len(TENSOR_METHODS)} public methods of "
              "`torch.Tensor` (src/nnport/frameworks/torch/tensor_methods.py); a call of any other is "
              "reported, never passed through.",
              "Other sources, read by their own reader tables: " +
              ", ".join(f"{LABELS[s]} ({len(d['sources'][s])} entries)" for s in SOURCES) + " (below)."]
    return lines


def _torch_tables(d: dict, reasons: Reasons) -> list[str]:
    head = ("| PyTorch | pivot op | " + " | ".join(LABELS[t] + (" (round trip)" if t == "torch" else "")
                                                 for t in TARGETS) + " |")
    rule = "|---|---|" + "---|" * len(TARGETS)
    lines = ["## PyTorch as the source"]
    for group in GROUPS:
        rows = [r for r in d["torch"] if r["group"] == group]
        lines += ["", f"### {group.capitalize()} ({len(rows)})"]
        for family in dict.fromkeys(r["family"] for r in rows):
            fam = [r for r in rows if r["family"] == family]
            lines += ["", f"#### {group}: {family} ({len(fam)})", "", f"_{_esc(matrix.family_doc(group, family))}_",
                      "", head, rule]
            lines += [f"| {_code(r['api'])} | {r['op']} | " +
                      " | ".join(_cell(r["cells"][t], t, reasons) for t in TARGETS) + " |" for r in fam]
            notes = [n for n in map(_notes, fam) if n]
            if notes:
                lines += ["", "Notes (what is refused with a diagnostic; known failing cases):", "", *notes]
    return lines


def _source_tables(d: dict) -> list[str]:
    lines = []
    for s in SOURCES:
        rows = d["sources"][s]
        lines += ["", f"## {LABELS[s]} as the source", "",
                  f"The {LABELS[s]} reader tables (`nnport.frameworks.source({s!r})`): API -> pivot op, and the "
                  "targets whose tables have a writer for that op (a writer, not a test of that pair: the numeric "
                  "tests of a source are its corpora, e.g. tests/corpus/keras_to_torch.py, gluon_to_torch.py).",
                  "", f"| {LABELS[s]} | kind | pivot op | targets writing the op |", "|---|---|---|---|"]
        lines += [f"| {_code(r['api'])} | {r['kind']} | {r['op']} | {', '.join(r['writers']) or '✗ none'} |"
                  for r in rows]
        notes = [f"- `{r['api']}`: reader refuses: " + _esc("; ".join(r["reader"])) for r in rows if r["reader"]]
        if notes:
            lines += ["", "Notes (what the reader refuses with a diagnostic):", "", *notes]
    return lines


def _reasons(reasons: Reasons, d: dict) -> list[str]:
    lines = ["", "## Reasons", "", "Why a cell is ✗ (the tests' exclusions, or no writer for the pivot op):", ""]
    for reason, rid in reasons.ids.items():
        targets = ", ".join(LABELS[t] for t in reasons.targets[reason])
        lines.append(f"- <a id=\"{rid.lower()}\"></a>**{rid}** ({targets}): {_esc(reason)}")
    cases = {t: x for t, x in d["unattributed"].items() if x}
    if cases:
        lines += ["", "## Known failing cases not tied to one API", ""]
        for t, x in cases.items():
            lines += [f"- {LABELS[t]}: `{_esc(case)}`: {_esc(why)}" for case, why in x.items()]
    return lines


def as_markdown(gaps) -> str:
    d = data(gaps)
    reasons = Reasons()
    if gaps:
        where = ("the tables (src/nnport/frameworks/) and the tests' known gaps (tests/excluded_entries.py, "
                 "tests/keras_gaps.py, tests/mxnet_gaps.py)")
        tested = "a passing numeric test translates it for that target"
    else:
        where, tested = "the tables only (without the tests' known gaps)", "the target's tables write it"
    lines = [
        "# Support matrix", "",
        f"<!-- generated by `{COMMAND}`; do not edit: tests/test_support_matrix.py fails when it is stale -->", "",
        f"What nnport translates, API by API, generated from {where}.", "",
        f"- ✓ **{WORD['supported']}**: {tested}; the cell names what it is written as (an API, a helper "
        "copied into the output, or an expression).",
        f"- ◐ **{WORD['partial']}**: as ✓, but some arguments are refused with a diagnostic (the writer's "
        "`Unsupported` messages; `<name>` is an argument, `…` a value) or known test cases fail (strict "
        "xfails); the notes under each table say which.",
        f"- ✗ **{WORD['none']}**: no passing test translates it, or no writer for its pivot op; the reason "
        "is under [Reasons](#reasons).",
        "- What the PyTorch reader refuses applies to every target (notes: \"PyTorch reader\"). The PyTorch "
        "column is the round trip PyTorch -> pivot -> PyTorch.", "",
        *_summary(d), "",
        *_torch_tables(d, reasons),
        *_source_tables(d),
    ]
    lines += _reasons(reasons, d)
    return "\n".join(lines) + "\n"
