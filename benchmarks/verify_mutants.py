"""The mutation study in full: every mutant of tests/verify/mutants.py, verified in process.

    python benchmarks/verify_mutants.py [MODEL...]

Prints one row per run (the correct translation first, then its mutants): verdict, whether eval
mode alone flagged it, where the defect was located and how, whether that is the defective module,
and what the independent Flax-only differential run saw change. Ends with the detection and
localisation rates over the mutants that count (equivalent ones excluded).
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests"), str(ROOT / "tests" / "verify")]
os.environ.setdefault("JAX_PLATFORMS", "cpu")


def main(models: list[str]) -> int:
    from mutants import MUTANTS, study
    models = models or sorted({m.model for m in MUTANTS})
    print("| model | mutant | defect | verdict | eval alone | located at | found by | right place | "
          "differential run changed | s |\n|---|---|---|---|---|---|---|---|---|---|")
    rows, t0 = [], time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for model in models:
            for r in study(model, [m for m in MUTANTS if m.model == model], tmp):
                m = r["mutant"]
                kind = "control" if m is None else "equivalent" if m.equivalent else "mutant"
                place = "-" if r["located"] is None else (r["located"] or "<model>")
                print(f"| {model} | {r['id']} | {m.defect if m else 'correct translation'} | {r['verdict']} | "
                      f"{'yes' if r['eval_flagged'] else 'no'} | {place} | {r['found_by'] or '-'} | "
                      f"{'yes' if r['located_ok'] else '-' if kind != 'mutant' else 'no'} | "
                      f"{r['change'] or 'nothing'} | {r['seconds']:.1f} |")
                rows.append((kind, r))
    mutants = [r for kind, r in rows if kind == "mutant"]
    flagged = [r for r in mutants if r["flagged"]]
    located = [r for r in mutants if r["located_ok"]]
    false_alarms = [r for kind, r in rows if kind != "mutant" and r["flagged"]]
    print(f"\n{len(mutants)} mutants: {len(flagged)} flagged ({len(flagged) / len(mutants):.1%}), "
          f"{len(located)} localised to the defective module ({len(located) / len(mutants):.1%}); "
          f"{len(rows) - len(mutants)} controls and equivalent mutants, {len(false_alarms)} false alarms; "
          f"{time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
