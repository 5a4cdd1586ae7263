"""Regenerate tests/keras_gaps.py: the Keras-target gaps of the entry tests, as data.

    .venv/bin/python benchmarks/keras_gaps.py [--check]

Runs tests/frameworks_keras (the tests of tests/frameworks with Keras as the target, see
tests/targets.py) with the known-gap xfail marks taken off, and writes
- KERAS_XFAIL: every test case that fails, with its reason: "not translated yet: <the translation's
  first diagnostic>", or the specific cause of a run failure (RUN_REASONS, CASE_REASONS below);
- KERAS_EXCLUDED: every torch table entry that no passing Keras-target test translated, with the reason
  of a failing case that names or reads it, else NO_TEST_REASON.
Both grouped by reason (--save/--load FILE keep/reuse the test results). `--check` writes nothing and exits 1 when the file would change. Takes ~5
minutes (one process). Run it after a change to the Keras tables makes a strict xfail pass.
"""
from __future__ import annotations

import collections
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "keras_gaps.py")

# A run failure (not a diagnostic) -> its cause, by a pattern of the error text.
RUN_REASONS = [
    (r"no source weight 'running_mean'", "BatchNorm(track_running_stats=False): the Keras BatchNorm helper "
     "has moving statistics that PyTorch's module has not, so the weight transfer refuses"),
]
# Run failures whose error text does not say the cause: by test id prefix.
CASE_REASONS: dict[str, str] = {}
# Entries that no Keras-target test reads at all: by a pattern of the API.
_REFUSED = "the torch reader refuses every use, whatever the target ({}): no test gets past reading"
NO_TEST_REASONS = [
    (r"nonzero|argwhere|unique|masked_select", _REFUSED.format("a data-dependent output shape")),
    (r"manual_seed", _REFUSED.format("global RNG state")),
    (r"^Tensor\.cuda$", "the PyTorch here is a CPU build: x.cuda() cannot run on the source side"),
    (r"^torch\.nn\.init\.|^Tensor\.(normal_|uniform_|fill_)$", "not translated yet: no keras translation for "
     "torch.nn.init.* (pivot ops init_*), nor for w.data.normal_()/uniform_()/fill_(); test_init.py reads "
     "Flax weights (Flax only)"),
    (r"^torch\.(float|double|half|int|int16|int8|uint8|Tensor)$|^Tensor\.type$", "tested only by "
     "test_tensor.py::test_dtype_attributes_and_annotations, written for Flax (it reads the Flax code)"),
]
NO_TEST_REASON = ("no Keras-target test translates it: its tests in tests/frameworks are written for "
                  "Flax only (pytest.mark.target('flax'))")


def no_test_reason(api: str) -> str:
    return next((why for pattern, why in NO_TEST_REASONS if re.search(pattern, api)), NO_TEST_REASON)


def diagnostic(msg: str) -> str | None:
    m = re.search(r"(?:warning|error): (.*)", msg)
    return m.group(1).strip() if m else None


def reason_of(test_id: str, msg: str) -> str:
    if "translation left issues" in msg:
        return f"not translated yet: {diagnostic(msg) or msg.splitlines()[0]}"
    for prefix, why in CASE_REASONS.items():
        if test_id.startswith(prefix):
            return why
    for pattern, why in RUN_REASONS:
        if re.search(pattern, msg):
            return why
    first = re.sub(r"\x1b\[[0-9;]*m|\s+", " ", msg).strip()[:160]
    return f"fails under Keras: {first}"


class Recorder:
    """pytest plugin: takes the known-gap xfail marks off; records each test's outcome and reads."""

    def __init__(self):
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
            "reads": {e for _, (t, r) in rec.by_code.items() if t == "keras" for e in r},
            "executed": set(rec.executed.get("keras", ())),
        }


def collect() -> dict[str, dict]:
    import pytest
    plugin = Recorder()
    pytest.main(["-q", "-p", "no:cacheprovider", "-p", "no:xdist", "--tb=no", "-W", "ignore",
                 os.path.join(ROOT, "tests", "frameworks_keras")], plugins=[plugin])
    return plugin.results


def gaps(results: dict[str, dict], entries: list[str]) -> tuple[dict, dict]:
    xfail = {t: reason_of(t, r["msg"]) for t, r in sorted(results.items()) if r["failed"]}
    covered = set().union(*(r["executed"] for r in results.values() if not r["failed"]))
    excluded = {}
    for api in entries:
        if api in covered:
            continue
        named = [xfail[t] for t, r in results.items() if r["failed"] and
                 re.search(rf"\b{re.escape(api)} \(pivot op", r["msg"])]
        read = [xfail[t] for t, r in results.items() if r["failed"] and api in r["reads"]]
        reasons = named or read
        excluded[api] = collections.Counter(reasons).most_common(1)[0][0] if reasons else no_test_reason(api)
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


def render(xfail: dict, excluded: dict) -> str:
    return "\n\n".join([
        '"""The Keras-target gaps of the entry tests (generated by benchmarks/keras_gaps.py; do not edit).\n\n'
        "KERAS_XFAIL: test id (tests/frameworks_keras/ left off) -> why it fails; tests/targets.py marks those\n"
        "cases xfail(strict=True). KERAS_EXCLUDED: torch table entries no passing Keras-target test translates,\n"
        'with the reason (tests/excluded_entries.py; checked by tests/entry_check.py)."""',
        grouped("KERAS_XFAIL", xfail, "test cases"),
        grouped("KERAS_EXCLUDED", excluded, "entries"),
    ]) + "\n"


def main(argv: list[str]) -> int:
    """--save FILE / --load FILE: keep the test results as JSON / reuse them instead of running."""
    import json
    sys.path[:0] = [os.path.join(ROOT, "tests"), os.path.join(ROOT, "src")]
    import entry_check
    if "--load" in argv:
        with open(argv[argv.index("--load") + 1]) as f:
            results = {t: {**r, "reads": set(r["reads"]), "executed": set(r["executed"])}
                       for t, r in json.load(f).items()}
    else:
        results = collect()
    if "--save" in argv:
        with open(argv[argv.index("--save") + 1], "w") as f:
            json.dump({t: {**r, "reads": sorted(r["reads"]), "executed": sorted(r["executed"])}
                       for t, r in results.items()}, f)
    xfail, excluded = gaps(results, entry_check.torch_entries())
    text = render(xfail, excluded)
    old = open(OUT).read() if os.path.exists(OUT) else ""
    print(f"{len(results)} Keras-target tests, {len(xfail)} failing; {len(excluded)} entries excluded")
    if "--check" in argv:
        return int(text != old)
    with open(OUT, "w") as f:
        f.write(text)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
