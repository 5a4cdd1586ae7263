"""Time to generate the support matrix (docs/support.md) in a fresh interpreter: import of every table
plus the generation, best of N runs (goal: a few seconds on 2 cores).

    python benchmarks/bench_support.py [--runs 3]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = "from nnport.support import generate; generate('md')"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    times = []
    for _ in range(a.runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", SCRIPT], check=True, env=env, cwd=ROOT)
        times.append(time.perf_counter() - t)
    print(f"support matrix: best {min(times):.2f} s, median {sorted(times)[len(times) // 2]:.2f} s "
          f"over {a.runs} runs (fresh interpreter, imports included)")


if __name__ == "__main__":
    main()
