"""nnport.verify on the Keras corpus, Keras as the source: each model translated to PyTorch on the fly
and verified in eval and train mode, in process.

    python benchmarks/verify_keras_corpus.py [NAME...]

One row per model: verdict, how many checks matched / were not comparable / differ (gradients
apart), where a difference was located, seconds. Ends with the number judged equivalent.
"""
from __future__ import annotations

import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]
os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
CORPUS = ROOT / "tests" / "corpus" / "keras"


def _count(checks) -> str:
    n = Counter(c.status for c in checks)
    return f"{n['match']} / {n['not comparable']} / {n['mismatch'] + n['error']}"


def main(names: list[str]) -> int:
    import nnport
    names = names or sorted(p.stem for p in CORPUS.glob("*.py") if not p.stem.startswith("_"))
    print("| model | verdict | checks match / not comparable / differ | gradients | located at | s |\n"
          "|---|---|---|---|---|---:|")
    equivalent = 0
    for name in names:
        t0 = time.perf_counter()
        res = nnport.verify(str(CORPUS / f"{name}.py"), to="torch", train=True, isolate=False)
        grads = [c for c in res.checks if c.name.startswith("train grad")]
        where = f"{res.location.path or '<model>'} ({res.location.found_by})" if res.location else ""
        verdict = res.verdict if not res.error else f"{res.verdict}: {res.error.splitlines()[0][:100]}"
        equivalent += res.verdict == "equivalent"
        print(f"| {name} | {verdict} | {_count(res.checks)} | {_count(grads)} | {where} | "
              f"{time.perf_counter() - t0:.1f} |", flush=True)
    print(f"\n{equivalent}/{len(names)} equivalent")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
