"""Which table entries the numeric tests exercise: runs tests/frameworks in this process with
nnport's table reader instrumented, then lists the source entries no test translated.

    .venv/bin/python benchmarks/entry_coverage.py [--json F]
"""
from __future__ import annotations

import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main() -> int:
    import pytest

    from nnport import frameworks
    from nnport.translate import reading

    used: set[str] = set()
    real_read = reading.read

    def read(entry, args, ctx):
        used.add(entry.api)
        return real_read(entry, args, ctx)

    reading.read = read
    tests = os.path.join(ROOT, "tests", "frameworks")
    pytest.main(["-q", "-p", "no:xdist", "-p", "no:cacheprovider", tests,
                 "--deselect", os.path.join(tests, "test_signatures.py")])
    src = frameworks.get("torch")
    entries = [e.api for e in (*src.layers, *src.functions)]
    missing = sorted(set(entries) - used)
    print(f"\n{len(entries) - len(missing)} of {len(entries)} torch entries translated by the numeric "
          f"tests ({100 * (len(entries) - len(missing)) / len(entries):.1f}%)")
    print("not exercised:", ", ".join(missing))
    if "--json" in sys.argv:
        with open(sys.argv[sys.argv.index("--json") + 1], "w") as f:
            json.dump({"total": len(entries), "missing": missing}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
