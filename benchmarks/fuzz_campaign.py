"""A fuzz campaign outside the suite: the properties of tests/fuzz (properties.py) on many examples.

    nice -n 10 python benchmarks/fuzz_campaign.py --examples 200 --seed 1 [--time-budget 600]
        [--kinds sources,mutations,plain,stdlib] [--sources torch,keras,flax,mxnet]

Per kind (generated DL modules, corpus mutants, generated plain code, stdlib files) and source
framework, hypothesis runs up to --examples cases (targets drawn). Rounds go on while --time-budget lasts (a round, its shrinking
included, is not cut short). A failure is classified by its
signature (exception type and the innermost nnport frame, or the property it broke), minimised by
hypothesis, saved to build/fuzz/<kind>-<source>-<n>.py, then masked so the run goes on to find the
next one. Prints a Markdown summary: cases run (shrinking included), crashes by type and location,
invalid outputs, changed DL-free inputs. Never executes the code it makes (NNPORT_RECORD_SHAPES=0)."""
from __future__ import annotations

import argparse
import collections
import signal
import sys
import time
import traceback
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from fuzz import apis, mutations, plain, properties, sources, stdlib_files  # noqa: E402

OUT = ROOT / "build" / "fuzz"
CASE_TIMEOUT_S = 60


class Hang(Exception):
    """One conversion ran past CASE_TIMEOUT_S."""


def _alarm(signum, frame):
    raise Hang(f"conversion ran over {CASE_TIMEOUT_S} s")


def strategy(kind: str, source: str):
    """(strategy of (label, code, target), property to check) for one kind and source framework."""
    others = st.sampled_from([t for t in apis.TARGETS if t != source])
    if kind == "sources":
        return st.tuples(st.just("generated"), sources.module(source), st.sampled_from(apis.TARGETS)), \
            properties.check_output
    if kind == "mutations":
        return mutations.mutant(source).flatmap(lambda m: st.tuples(st.just(m[0]), st.just(m[1]),
                                                                    st.sampled_from(apis.TARGETS))), \
            properties.check_output
    if kind == "plain":
        return st.tuples(st.just("plain"), plain.module(), others), properties.check_unchanged
    if kind == "stdlib":
        return stdlib_files.stdlib_file(60_000).flatmap(lambda f: st.tuples(st.just(f[0]), st.just(f[1]), others)), \
            properties.check_unchanged
    raise SystemExit(f"unknown kind {kind!r}")


def signature(e: BaseException) -> tuple[str, str]:
    """(category, where): crashes by type and innermost nnport frame; property failures by message."""
    if isinstance(e, AssertionError):
        first = str(e).split("\n")[0]
        cat = "invalid output" if "invalid output" in first else "changed DL-free" if "changed" in first or \
            "diagnostics" in first else "refused/syntax" if first else "assertion"
        return cat, first.split(":")[0][:90]
    frames = [f for f in traceback.extract_tb(e.__traceback__) if "/nnport/" in f.filename]
    where = f"{frames[-1].filename.split('/src/')[-1]}:{frames[-1].lineno}" if frames else "?"
    return f"crash {type(e).__name__}", where


def run(kind: str, source: str, examples: int, base_seed: int, deadline: float, stats: dict) -> None:
    strat, prop = strategy(kind, source)
    known: set = set()
    last: dict = {}
    left, rnd = examples, 0
    while left > 0 and time.time() < deadline:
        calls = [0]

        @seed(base_seed * 1000 + rnd)
        @settings(max_examples=left, deadline=None, database=None, report_multiple_bugs=False,
                  suppress_health_check=list(HealthCheck))
        @given(case=strat)
        def check(case):
            calls[0] += 1
            label, code, target = case
            signal.alarm(CASE_TIMEOUT_S)
            try:
                prop(code, source, target)
            except Exception as e:  # noqa: BLE001 - every failure is classified
                sig = signature(e)
                stats["failures"][sig] += 1
                if sig in known:
                    return
                last[sig] = (label, code, target, f"{type(e).__name__}: {e}".split("\n")[0][:300])
                raise
            finally:
                signal.alarm(0)

        try:
            check()
            found = None
        except Exception as e:  # noqa: BLE001
            found = signature(e)
        stats["cases"][(kind, source)] += calls[0]
        left -= calls[0]
        rnd += 1
        if found is None or found not in last:
            break
        known.add(found)
        label, code, target, msg = last[found]
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / f"{kind}-{source}-{len(list(OUT.glob(f'{kind}-{source}-*.py')))}.py"
        path.write_text(f"# nnport fuzz: {kind}, {source} -> {target}, from {label}\n# {found[0]} at {found[1]}\n"
                        f"# {msg}\n{code}", encoding="utf-8")
        stats["saved"].append((found, str(path.relative_to(ROOT))))


def summary(stats: dict) -> str:
    rows = ["| kind | source | cases run |", "|---|---|---:|"]
    rows += [f"| {k} | {s} | {n} |" for (k, s), n in sorted(stats["cases"].items())]
    rows += ["", f"total cases: {sum(stats['cases'].values())}", "",
             "| failure | where | hits | minimised input |", "|---|---|---:|---|"]
    saved = {sig: p for sig, p in stats["saved"]}
    rows += [f"| {c} | `{w}` | {n} | {saved.get((c, w), '')} |" for (c, w), n in
             sorted(stats["failures"].items())]
    if not stats["failures"]:
        rows.append("| (none) | | 0 | |")
    return "\n".join(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--examples", type=int, default=100, help="cases per kind and source")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--time-budget", type=float, default=None, help="seconds for the whole campaign")
    ap.add_argument("--kinds", default="sources,mutations,plain,stdlib")
    ap.add_argument("--sources", default=",".join(apis.SOURCES))
    args = ap.parse_args(argv)
    signal.signal(signal.SIGALRM, _alarm)
    warnings.simplefilter("ignore")   # hypothesis' "overly large repr" of whole files drawn by st.just
    start = time.time()
    deadline = start + args.time_budget if args.time_budget else float("inf")
    stats = {"cases": collections.Counter(), "failures": collections.Counter(), "saved": []}
    pairs = [(k, s) for k in args.kinds.split(",") for s in args.sources.split(",")]
    for i, (kind, source) in enumerate(pairs):   # the budget shared evenly by what is left
        share = start + (deadline - start) * (i + 1) / len(pairs) if args.time_budget else deadline
        run(kind, source, args.examples, args.seed, min(share, deadline), stats)
    print(summary(stats))
    print(f"\nseed {args.seed}, {time.time() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
