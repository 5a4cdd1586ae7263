"""Whole-project speed: `nnport convert DIR --out-dir` on the model sources of `transformers`.

The corpus is the `transformers` wheel unpacked under build/bench-corpus (`make bench-corpus`; the
package is never installed into a venv). From its `models/*/modeling_*.py`, an evenly spaced sample
of files up to --max-lines lines (all with --all) is copied into build/bench-project/src. In one run:
  (a) LibCST parse_module(src).code over the sample, in process       lines/s (the floor)
  (b) nnport.convert(src, to=TARGET) over the same files, in process  lines/s, and (b)/(a)
      (both in CPU time of this process, file by file one after the other: a busy machine slows both)
  (c) `nnport convert SRC --to TARGET --out-dir DST -j 1` and `-j 2` as subprocesses: wall time,
      CPU time of all its processes, lines/s and peak RSS (resource.getrusage of the child, the
      largest process); then a re-run
      into the same DST (every input unchanged: skipped)
  (d) `nnport --version` start-up: median of 10 runs, and the modules it imported
Prints a Markdown table; --json F also writes every number.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench_convert import cli_command, cli_startup

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "build/bench-corpus/transformers"
WORK = ROOT / "build/bench-project"
# runs a command, then prints the peak RSS (KiB on Linux) of its largest process and the CPU seconds
# of all its processes (the workers of -j N included)
PEAK = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
        "stderr=subprocess.DEVNULL); u = resource.getrusage(resource.RUSAGE_CHILDREN); "
        "print(r.returncode, u.ru_maxrss, u.ru_utime + u.ru_stime)")


def sample(max_lines: int, everything: bool) -> list[Path]:
    files = sorted(CORPUS.glob("models/*/modeling_*.py"))
    if not files:
        sys.exit(f"no corpus under {CORPUS}: run `make bench-corpus`")
    if everything:
        return files
    total = sum(f.read_text(encoding="utf-8").count("\n") for f in files)
    step = max(1, round(total / max_lines))
    picked, lines = [], 0
    for f in files[::step] + [f for i, f in enumerate(files) if i % step]:
        if lines >= max_lines:
            break
        picked.append(f)
        lines += f.read_text(encoding="utf-8").count("\n")
    return sorted(picked)


def copy_sample(files: list[Path]) -> Path:
    src = WORK / "src"
    shutil.rmtree(WORK, ignore_errors=True)
    for f in files:
        dst = src / f.relative_to(CORPUS / "models")
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, dst)
    return src


def in_process(files: list[Path], target: str) -> dict:
    t0 = time.perf_counter()
    import libcst
    libcst_import = time.perf_counter() - t0
    import nnport
    t0 = time.perf_counter()
    nnport.convert("import torch\nx = torch.zeros(1)\n", to=target)
    first_call = time.perf_counter() - t0
    t_cst = t_nnp = 0.0
    lines, failures = 0, []
    for f in files:
        src = f.read_text(encoding="utf-8")
        t0 = time.process_time()
        libcst.parse_module(src).code
        t1 = time.process_time()
        try:
            nnport.convert(src, to=target, filename=str(f))
        except Exception as e:   # counted, and left out of both throughputs
            failures.append(f"{f.name}: {type(e).__name__}: {e}"[:200])
            continue
        t2 = time.process_time()
        t_cst += t1 - t0
        t_nnp += t2 - t1
        lines += src.count("\n")
    return {"libcst_import_s": libcst_import, "engine_first_call_s": first_call, "lines_ok": lines,
            "libcst_lines_per_s": lines / t_cst, "nnport_lines_per_s": lines / t_nnp,
            "slowdown_vs_libcst": t_nnp / t_cst, "failures": failures}


def cli_run(src: Path, dst: Path, target: str, jobs: int, fresh: bool = True) -> dict:
    if fresh:
        shutil.rmtree(dst, ignore_errors=True)
    cmd = cli_command() + ["convert", str(src), "--to", target, "--out-dir", str(dst), "-j", str(jobs)]
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", PEAK, *cmd], capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t0
    rc, peak_kib, cpu = out.stdout.split()
    report = json.loads((dst / "nnport-report.json").read_text())
    return {"jobs": jobs, "wall_s": wall, "cpu_s": float(cpu), "exit": int(rc), "peak_rss_mib": int(peak_kib) / 1024,
            "summary": report["summary"]}


def startup(runs: int) -> dict:
    median, cmd = cli_startup(runs, "--version")
    bare = []   # the interpreter alone, for scale on a busy machine
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare.append(time.perf_counter() - t0)
    probe = ("import sys, nnport.cli; heavy = ('libcst', 'torch', 'jax', 'keras', 'numpy', 'nnport.translate', "
             "'nnport.frameworks'); print(','.join(m for m in heavy if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    return {"median_s": median, "runs": runs, "command": " ".join(cmd), "python_alone_s": sorted(bare)[len(bare) // 2],
            "heavy_modules_at_start": loaded.split(",") if loaded else []}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-lines", type=int, default=40_000, help="sample size in lines (default 40000)")
    parser.add_argument("--all", action="store_true", help="every models/*/modeling_*.py")
    parser.add_argument("--to", default="flax", help="target framework (default flax)")
    parser.add_argument("--startup-runs", type=int, default=10)
    parser.add_argument("--json", type=Path, metavar="F", help="also write the results as JSON")
    parser.add_argument("--in-process", action="store_true", help="only rows (a) and (b), no subprocesses")
    args = parser.parse_args(argv)

    files = sample(args.max_lines, args.all)
    src = copy_sample(files)
    lines = sum(f.read_text(encoding="utf-8").count("\n") for f in files)
    res = {"python": platform.python_version(), "cpus": os.cpu_count(), "files": len(files), "lines": lines,
           "corpus": str(CORPUS), "target": args.to}
    res["load_average_before"] = os.getloadavg()
    res["in_process"] = in_process(files, args.to)
    if not args.in_process:
        dst = WORK / "out"
        res["cli"] = [cli_run(src, dst, args.to, j) for j in (1, 2)]
        res["rerun_unchanged"] = cli_run(src, dst, args.to, 2, fresh=False)
        res["startup"] = startup(args.startup_runs)
    res["load_average_after"] = os.getloadavg()
    ip = res["in_process"]
    print(f"# nnport project benchmark\n\n{len(files)} files, {lines:,} lines of `transformers` model sources "
          f"({CORPUS.relative_to(ROOT)}), to {args.to}; Python {res['python']}, {res['cpus']} CPUs\n")
    print("| measurement | value |\n|---|---|")
    print(f"| (a) LibCST parse+codegen, in process | {ip['libcst_lines_per_s']:,.0f} lines/s |")
    print(f"| (b) nnport.convert, in process, one core | {ip['nnport_lines_per_s']:,.0f} lines/s "
          f"({ip['slowdown_vs_libcst']:.2f}x the time of (a); {len(ip['failures'])} files raised) |")
    if args.in_process:
        return finish(res, args.json)
    st = res["startup"]
    for r in res["cli"]:
        print(f"| (c) `nnport convert DIR -j {r['jobs']}`, whole run | {r['wall_s']:.1f} s wall, "
              f"{lines / r['wall_s']:,.0f} lines/s; {r['cpu_s']:.1f} s CPU; peak RSS {r['peak_rss_mib']:.0f} MiB |")
    r = res["rerun_unchanged"]
    print(f"| (c) the same again, inputs unchanged | {r['wall_s']:.2f} s ({r['summary']['skipped']} files skipped) |")
    print(f"| (d) `nnport --version`, median of {st['runs']} | {st['median_s'] * 1000:.0f} ms "
          f"(`python -c pass`: {st['python_alone_s'] * 1000:.0f} ms; heavy modules at start: "
          f"{', '.join(st['heavy_modules_at_start']) or 'none'}) |")
    s = res["cli"][0]["summary"]
    print(f"\nConversion: {s['converted']} files converted, {s['issues']} issues need attention, "
          f"{s['errors']} failed; first nnport.convert call (imports) {ip['engine_first_call_s']:.2f} s.")
    return finish(res, args.json)


def finish(res: dict, json_path: Path | None) -> int:
    """The failures, the load average around the run, and the JSON file if asked for."""
    for f in res["in_process"]["failures"]:
        print(f"- {f}")
    print("\nload average (1, 5, 15 min) before: {:.2f} {:.2f} {:.2f}, after: {:.2f} {:.2f} {:.2f}".format(
        *res["load_average_before"], *res["load_average_after"]))
    if json_path:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(res, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
