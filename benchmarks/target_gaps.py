"""The gaps of a target's entry tests as data: shared by benchmarks/keras_gaps.py and mxnet_gaps.py.

Runs tests/frameworks_<target> (the tests of tests/frameworks with that target, see tests/targets.py)
with the known-gap xfail marks taken off, and writes tests/<target>_gaps.py:
- <TARGET>_XFAIL: every test case that fails, with its reason: "not translated yet: <the translation's
  first diagnostic>", or the specific cause of a run failure (the target's run_reasons, case_reasons);
- <TARGET>_EXCLUDED: every torch table entry that no passing test of the target translated, with the
  reason of a failing case that names or reads it, else the target's no_test_reason.
Both grouped by reason (--save/--load FILE keep/reuse the test results). `--check` writes nothing and
exits 1 when the file would change.
"""
from __future__ import annotations

import collections
import os
import re
import sys
from dataclasses import dataclass, field
from typing import Callable

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# Entries no test of any target reads (by a pattern of the API): the reader's refusals, and more
_REFUSED = "the torch reader refuses every use, whatever the target ({}): no test gets past reading"
REFUSED_EVERYWHERE = [
    (r"nonzero|argwhere|unique|masked_select", _REFUSED.format("a data-dependent output shape")),
    (r"manual_seed", _REFUSED.format("global RNG state")),
    (r"^Tensor\.cuda$", "the PyTorch here is a CPU build: x.cuda() cannot run on the source side"),
]
FLAX_ONLY_DTYPES = (r"^torch\.(float|double|half|int|int16|int8|uint8|Tensor)$|^Tensor\.type$", "tested only by "
                    "test_tensor.py::test_dtype_attributes_and_annotations, written for Flax (it reads the Flax code)")


@dataclass
class Target:
    name: str                     # "keras": tests/frameworks_keras, tests/keras_gaps.py, KERAS_XFAIL
    label: str                    # "Keras", in reasons and docstrings
    no_test_reason: Callable[[str], str]
    run_reasons: list = field(default_factory=list)    # (pattern of the error text, cause)
    case_reasons: dict = field(default_factory=dict)   # test id prefix -> cause


def diagnostic(msg: str) -> str | None:
    m = re.search(r"(?:warning|error): (.*)", msg)
    return m.group(1).strip() if m else None


def reason_of(target: Target, test_id: str, msg: str) -> str:
    if "translation left issues" in msg:
        return f"not translated yet: {diagnostic(msg) or msg.splitlines()[0]}"
    for prefix, why in target.case_reasons.items():
        if test_id.startswith(prefix):
            return why
    for pattern, why in target.run_reasons:
        if re.search(pattern, msg):
            return why
    first = re.sub(r"\x1b\[[0-9;]*m|\s+", " ", msg).strip()[:160]
    return f"fails under {target.label}: {first}"


class Recorder:
    """pytest plugin: takes the known-gap xfail marks off; records each test's outcome and reads."""

    def __init__(self, target: str):
        self.target = target
        self.results: dict[str, dict] = {}

    def pytest_collection_modifyitems(self, items):
        for item in items:
            item.own_markers = [m for m in item.own_markers if m.name != "xfail"]

    def pytest_runtest_makereport(self, item, call):
        if call.when != "call":
            return
        import entry_check
        rec = entry_check.RECORDER
        test_id = str(item.nodeid).split("/", 2)[-1]
        msg = "" if call.excinfo is None else f"{call.excinfo.typename}: {call.excinfo.value}"
        self.results[test_id] = {
            "failed": call.excinfo is not None,
            "msg": msg,
            "reads": {e for _, (t, r) in rec.by_code.items() if t == self.target for e in r},
            "executed": set(rec.executed.get(self.target, ())),
        }


def collect(target: Target) -> dict[str, dict]:
    import pytest
    plugin = Recorder(target.name)
    pytest.main(["-q", "-p", "no:cacheprovider", "-p", "no:xdist", "--tb=no", "-W", "ignore",
                 os.path.join(ROOT, "tests", f"frameworks_{target.name}")], plugins=[plugin])
    return plugin.results


def gaps(target: Target, results: dict[str, dict], entries: list[str]) -> tuple[dict, dict]:
    xfail = {t: reason_of(target, t, r["msg"]) for t, r in sorted(results.items()) if r["failed"]}
    covered = set().union(*(r["executed"] for r in results.values() if not r["failed"]))
    excluded = {}
    for api in entries:
        if api in covered:
            continue
        named = [xfail[t] for t, r in results.items() if r["failed"] and
                 re.search(rf"\b{re.escape(api)} \(pivot op", r["msg"])]
        read = [xfail[t] for t, r in results.items() if r["failed"] and api in r["reads"]]
        reasons = named or read
        excluded[api] = collections.Counter(reasons).most_common(1)[0][0] if reasons else target.no_test_reason(api)
    return by_function(xfail, results), excluded


def by_function(xfail: dict[str, str], results: dict[str, dict]) -> dict[str, str]:
    """Cases that fail for one reason under one key: `module::test` (all its cases) or
    `module::test[F.name(` (all its cases of that call), else the case id (targets.gap_reason)."""
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    from targets import gap_keys
    out = {}
    for t, why in xfail.items():
        for key in gap_keys(t):
            if all(xfail.get(c) == why for c in results if key in gap_keys(c)):
                out[key] = why
                break
    return out


def grouped(name: str, table: dict[str, str], kind: str) -> str:
    by_reason: dict[str, list[str]] = {}
    for key, why in table.items():
        by_reason.setdefault(why, []).append(key)
    lines = [f"{name}: dict[str, str] = {{"]
    for why, keys in sorted(by_reason.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if len(keys) == 1:
            lines.append(f"    {keys[0]!r}:\n        {why!r},")
            continue
        lines.append(f"    **dict.fromkeys([  # {len(keys)} {kind}")
        lines += [f"        {k!r}," for k in keys]
        lines.append(f"    ], {why!r}),")
    lines.append("}")
    return "\n".join(lines)


def render(target: Target, xfail: dict, excluded: dict) -> str:
    p, label = target.name.upper(), target.label
    return "\n\n".join([
        f'"""The {label}-target gaps of the entry tests (generated by benchmarks/{target.name}_gaps.py; do not edit).\n\n'
        f"{p}_XFAIL: test id (tests/frameworks_{target.name}/ left off) -> why it fails; tests/targets.py marks those\n"
        f"cases xfail(strict=True). {p}_EXCLUDED: torch table entries no passing {label}-target test translates,\n"
        'with the reason (tests/excluded_entries.py; checked by tests/entry_check.py)."""',
        grouped(f"{p}_XFAIL", xfail, "test cases"),
        grouped(f"{p}_EXCLUDED", excluded, "entries"),
    ]) + "\n"


def main(target: Target, argv: list[str]) -> int:
    """--save FILE / --load FILE: keep the test results as JSON / reuse them instead of running."""
    import json
    sys.path[:0] = [os.path.join(ROOT, "tests"), os.path.join(ROOT, "src")]
    import entry_check
    if "--load" in argv:
        with open(argv[argv.index("--load") + 1]) as f:
            results = {t: {**r, "reads": set(r["reads"]), "executed": set(r["executed"])}
                       for t, r in json.load(f).items()}
    else:
        results = collect(target)
    if "--save" in argv:
        with open(argv[argv.index("--save") + 1], "w") as f:
            json.dump({t: {**r, "reads": sorted(r["reads"]), "executed": sorted(r["executed"])}
                       for t, r in results.items()}, f)
    xfail, excluded = gaps(target, results, entry_check.torch_entries())
    text = render(target, xfail, excluded)
    out = os.path.join(ROOT, "tests", f"{target.name}_gaps.py")
    old = open(out).read() if os.path.exists(out) else ""
    print(f"{len(results)} {target.label}-target tests, {len(xfail)} failing; {len(excluded)} entries excluded")
    if "--check" in argv:
        return int(text != old)
    with open(out, "w") as f:
        f.write(text)
    print(f"wrote {out}")
    return 0


