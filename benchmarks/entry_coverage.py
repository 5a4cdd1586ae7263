"""Which table entries the numeric tests exercise: runs tests/frameworks with the entry check of
tests/entry_check.py (the one `make test` applies) and lists the torch entries no test translated.

    .venv/bin/python benchmarks/entry_coverage.py [--json F] [--keras] [pytest options, e.g. -n 2]

--keras runs tests/frameworks_keras too (the same tests with Keras as the target) and prints its figures.

An entry counts when a passing test in tests/frameworks executed a translation that read it; the
entries of tests/excluded_entries.py are listed apart, with their reasons.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(pytest_args: list[str], folders=("frameworks",)) -> dict:
    import pytest
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "report.json")
        if not any(a.startswith(("-n", "--numprocesses")) for a in pytest_args):
            pytest_args = ["-p", "no:xdist", *pytest_args]
        pytest.main(["-q", "-p", "no:cacheprovider", "--entry-report", path, *pytest_args,
                     *(os.path.join(ROOT, "tests", f) for f in folders)])
        with open(path) as f:
            return json.load(f)


def main(argv: list[str]) -> int:
    out = None
    if "--json" in argv:
        i = argv.index("--json")
        out, argv = argv[i + 1], argv[:i] + argv[i + 2:]
    keras = "--keras" in argv
    argv = [a for a in argv if a != "--keras"]
    report = run(argv, ("frameworks", "frameworks_keras") if keras else ("frameworks",))
    total, covered, excluded = report["total"], report["covered"], report["excluded"]
    print(f"\n{covered} of {total} torch entries translated by the numeric tests "
          f"({100 * covered / total:.1f}%); {len(excluded)} excluded, {len(report['missing'])} missing"
          + (" (part of tests/frameworks only)" if report["partial"] else ""))
    print("not exercised:", ", ".join(report["missing"]) or "none")
    for target, t in report.get("targets", {}).items():
        if target != "flax":
            print(f"target {target}: {t['covered']} of {t['total']} translated, {len(t['excluded'])} excluded, "
                  f"{len(t['missing'])} missing" + (" (part of its folder only)" if t["partial"] else ""))
    for api, why in excluded.items():
        print(f"excluded {api}: {why}")
    if out:
        with open(out, "w") as f:
            json.dump(report, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
