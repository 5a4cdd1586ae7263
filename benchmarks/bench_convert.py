"""Conversion speed: nnport.convert against bare LibCST parse+codegen, and CLI start-up time.

Inputs are the installed PyTorch sources (default: torch/nn/modules/*.py), located with
importlib.util.find_spec without importing torch. In one run it measures
  (a) libcst.parse_module(src).code            lines/s   (the floor: nnport parses with LibCST)
  (b) nnport.convert(src, to="flax", source="torch")  lines/s over the same files
  (c) `nnport --help` as a subprocess: median wall time of 10 runs
and prints a Markdown table (optionally also JSON with --json F). Files that make nnport.convert
raise are counted and listed, and left out of both throughputs used for the ratio.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path


def torch_sources(pattern: str) -> list[Path]:
    spec = importlib.util.find_spec("torch")  # locates the package; does not import it
    if spec is None or not spec.submodule_search_locations:
        sys.exit("torch is not installed: pass --source-dir DIR")
    root = Path(list(spec.submodule_search_locations)[0])
    return sorted(root.glob(pattern))


def best_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def cli_command() -> list[str]:
    script = Path(sys.executable).parent / "nnport"
    return [str(script)] if script.exists() else [sys.executable, "-m", "nnport"]


def cli_startup(runs: int, arg: str = "--help") -> tuple[float, list[str]]:
    cmd = cli_command() + [arg]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), cmd


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source-dir", type=Path,
                        help="benchmark *.py under this directory instead of the torch sources")
    parser.add_argument("--pattern", default="nn/modules/*.py",
                        help="glob under the torch package (default: nn/modules/*.py)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per file; best is kept")
    parser.add_argument("--startup-runs", type=int, default=10)
    parser.add_argument("--json", metavar="F", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)

    files = sorted(args.source_dir.rglob("*.py")) if args.source_dir else torch_sources(args.pattern)
    sources = {}
    for f in files:
        try:
            sources[f] = f.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            print(f"skipping {f}: {e}", file=sys.stderr)
    if not sources:
        sys.exit("no source files found")

    t0 = time.perf_counter()
    import libcst
    libcst_import_s = time.perf_counter() - t0

    import nnport
    t0 = time.perf_counter()
    engine_error = None
    try:  # first call pays the engine's import cost; keep it out of the throughput
        nnport.convert("import torch\n", to="flax", source="torch")
    except Exception as e:
        engine_error = f"{type(e).__name__}: {e}"
    engine_import_s = time.perf_counter() - t0

    per_file = []
    failures = []
    for path, src in sources.items():
        lines = len(src.splitlines())
        t_cst = best_time(lambda: libcst.parse_module(src).code, args.repeat)
        t_nnp = None
        if engine_error is None:
            try:
                t_nnp = best_time(lambda: nnport.convert(src, to="flax", source="torch",
                                                         filename=str(path)), args.repeat)
            except Exception as e:
                failures.append({"file": str(path), "error": f"{type(e).__name__}: {e}"[:300]})
        per_file.append({"file": str(path), "lines": lines, "libcst_s": t_cst, "nnport_s": t_nnp})

    all_lines = sum(r["lines"] for r in per_file)
    ok = [r for r in per_file if r["nnport_s"] is not None]
    ok_lines = sum(r["lines"] for r in ok)
    libcst_lps = all_lines / sum(r["libcst_s"] for r in per_file)
    libcst_ok_lps = ok_lines / sum(r["libcst_s"] for r in ok) if ok else None
    nnport_lps = ok_lines / sum(r["nnport_s"] for r in ok) if ok else None
    startup_s, startup_cmd = cli_startup(args.startup_runs)

    results = {
        "python": platform.python_version(), "machine": platform.machine(),
        "libcst_version": getattr(libcst, "__version__", None) or _dist_version("libcst"),
        "nnport_version": nnport.__version__,
        "files": len(per_file), "lines": all_lines, "repeat": args.repeat,
        "libcst_import_s": libcst_import_s, "engine_first_call_s": engine_import_s,
        "libcst_lines_per_s": libcst_lps,
        "libcst_lines_per_s_same_files": libcst_ok_lps,
        "nnport_lines_per_s": nnport_lps, "nnport_files_ok": len(ok), "nnport_lines_ok": ok_lines,
        "slowdown_vs_libcst": (libcst_ok_lps / nnport_lps) if nnport_lps else None,
        "nnport_failures": failures, "engine_error": engine_error,
        "cli_startup_median_s": startup_s, "cli_startup_runs": args.startup_runs,
        "cli_startup_command": " ".join(startup_cmd),
        "per_file": per_file,
    }

    def fmt(x, spec=",.0f", unit=""):
        return "n/a" if x is None else format(x, spec) + unit

    print("# nnport conversion benchmark\n")
    print(f"{len(per_file)} files, {all_lines:,} lines "
          f"({args.source_dir or 'torch/' + args.pattern}); best of {args.repeat} runs per file; "
          f"Python {results['python']}, libcst {results['libcst_version']}\n")
    print("| measurement | value |")
    print("|---|---|")
    print(f"| (a) LibCST parse+codegen, all files | {fmt(libcst_lps, unit=' lines/s')} |")
    print(f"| (a) LibCST parse+codegen, files nnport converted | {fmt(libcst_ok_lps, unit=' lines/s')} |")
    print(f"| (b) nnport.convert torch -> flax | {fmt(nnport_lps, unit=' lines/s')} "
          f"({len(ok)}/{len(per_file)} files, {ok_lines:,} lines) |")
    slowdown = results["slowdown_vs_libcst"]
    print(f"| ratio (b)/(a), same files | "
          + (f"{1 / slowdown:.3f} (nnport takes {slowdown:.1f}x the time of parse+codegen)"
             if slowdown else "n/a") + " |")
    print(f"| nnport.convert failures | {len(failures)} files |")
    print(f"| first nnport.convert call (imports) | {engine_import_s * 1000:.0f} ms |")
    print(f"| (c) `nnport --help` start-up, median of {args.startup_runs} | "
          f"{startup_s * 1000:.0f} ms |")
    if engine_error:
        print(f"\nnnport.convert is unavailable: {engine_error}")
    if failures:
        print("\nFiles where nnport.convert raised:\n")
        for f in failures:
            print(f"- `{Path(f['file']).name}`: {f['error'].splitlines()[0] if f['error'] else ''}")

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


def _dist_version(name: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(name)
    except PackageNotFoundError:
        return None


if __name__ == "__main__":
    sys.exit(main())
