"""Command line: `nnport convert PATH... --to flax`, `nnport scan PATH`, `nnport verify SRC.py --to flax`,
`nnport support`.

Thin on purpose: parses arguments, reads files, calls `nnport.convert`, writes results. Nothing heavy
is imported at module level (no LibCST, no framework) so that `nnport --help` starts instantly; the
translator is imported inside the command.
"""
from __future__ import annotations

import argparse
import os
import sys

from nnport import __version__

FRAMEWORKS = ("torch", "keras", "flax", "mxnet")
EXIT_OK, EXIT_ISSUES, EXIT_ERROR = 0, 1, 2
ISSUE_SEVERITIES = ("warning", "error")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nnport",
        description="Translate deep-learning model source code between frameworks "
                    f"({', '.join(FRAMEWORKS)}).")
    parser.add_argument("--version", action="version", version=f"nnport {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    conv = sub.add_parser(
        "convert", help="translate Python files to another framework",
        description="Translate model files. One file with no -o/--out-dir: the result goes to "
                    "stdout. Diagnostics go to stderr as file:line:col: severity: message. "
                    "Exit status: 0 clean, 1 converted with issues (warnings/errors), 2 error.")
    conv.add_argument("paths", nargs="+", metavar="PATH",
                      help="Python files or directories (searched recursively for *.py); one directory "
                           "with --out-dir converts a whole project: notebooks too, other files copied, "
                           "in parallel, unchanged inputs skipped, a report in DIR")
    conv.add_argument("--to", required=True, choices=FRAMEWORKS, help="target framework")
    conv.add_argument("--from", dest="source", choices=FRAMEWORKS, default=None,
                      help="source framework (default: detected from the imports)")
    where = conv.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", metavar="OUT", help="output file (one input only)")
    where.add_argument("--out-dir", metavar="DIR",
                       help="write outputs under DIR, mirroring paths relative to each PATH")
    where.add_argument("--in-place", action="store_true", help="overwrite the input files")
    where.add_argument("--diff", action="store_true",
                       help="print a unified diff to stdout instead of writing anything")
    conv.add_argument("--report", metavar="R.json", help="write a JSON report of every file")
    conv.add_argument("--force", action="store_true",
                      help="overwrite existing output files (input files only with --in-place); "
                           "a project is then converted again in full")
    conv.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                      help="worker processes for a project (default: all cores)")
    _add_scan(sub)
    _add_verify(sub)
    from nnport.backup import add_restore_parser
    add_restore_parser(sub)
    sup = sub.add_parser("support", help="print the support matrix (docs/support.md)",
                         description="Every API of the tables x each framework, with notes, generated "
                                     "from the tables and the tests' known gaps (a checkout's tests/).")
    sup.add_argument("--format", choices=("md", "json"), default="md", help="Markdown (default) or JSON")
    sup.add_argument("--tables-only", action="store_true", help="leave out the tests' known gaps")
    return parser


def _add_scan(sub) -> None:
    scan = sub.add_parser(
        "scan", help="list the framework APIs a codebase calls and which nnport supports",
        description="Count the call sites of each source-framework API (resolved through the import "
                    "aliases) in Python files and notebooks, and say which the tables translate.")
    scan.add_argument("paths", nargs="+", metavar="PATH", help="files or directories")
    scan.add_argument("--from", dest="source", choices=FRAMEWORKS, default=None,
                      help="source framework (default: detected per file from the imports)")
    scan.add_argument("--to", choices=FRAMEWORKS, default=None,
                      help="count as supported only what this target also writes")
    scan.add_argument("--format", choices=("table", "md", "json"), default="table",
                      help="terminal table (default), Markdown or JSON")
    scan.add_argument("--top", type=int, default=0, metavar="N", help="only the N most frequent APIs")
    scan.add_argument("-o", "--output", metavar="F", help="write to F instead of stdout")
    scan.add_argument("--force", action="store_true", help="overwrite F if it exists")


def _add_verify(sub) -> None:
    ver = sub.add_parser(
        "verify", help="check that a model and its translation compute the same thing",
        description="Run the source model (the truth) and the target on the same weights and inputs "
                    "and compare every output. Exit status: 0 equivalent, 1 not equivalent, "
                    "2 could not verify.")
    ver.add_argument("source", metavar="SRC.py[:Class]", help="source model file (and class)")
    what = ver.add_mutually_exclusive_group(required=True)
    what.add_argument("--to", choices=FRAMEWORKS, help="translate the source on the fly to this framework")
    what.add_argument("--target", metavar="OUT.py[:Class]", help="an existing translation")
    ver.add_argument("--from", dest="source_framework", choices=FRAMEWORKS, default=None,
                     help="source framework (default: detected from the imports)")
    ver.add_argument("--init", metavar="ARGS", help="constructor arguments: JSON list/object or "
                     "Python literals, e.g. '10, width=16' (default: get_init_inputs() or none)")
    ver.add_argument("--inputs", metavar="SPECS", help="inputs, e.g. 'float32[2,3,32,32]', "
                     "'int64[2,10]:0..50 float32[2,4]' (default: get_inputs(), else inferred)")
    ver.add_argument("--train", action="store_true", help="also check one training-mode step "
                     "(outputs, running statistics, gradients of inputs and parameters)")
    ver.add_argument("--train-steps", type=int, default=0, metavar="N", help="train the file's "
                     "train(model, batches, steps) N steps on both sides from the same weights and batches "
                     "(get_batches()); compare the loss of every step and the final weights")
    ver.add_argument("--trials", type=int, default=1, metavar="N", help="seeds/inputs to try (default 1)")
    ver.add_argument("--seed", type=int, default=0, help="first seed (default 0)")
    ver.add_argument("--atol", type=float, default=0.0, help="absolute tolerance (default 0)")
    ver.add_argument("--rtol", type=float, default=1e-5,
                     help="tolerance relative to the output's scale max(1e-3, max|a|) (default 1e-5)")
    ver.add_argument("--source-python", metavar="PATH", help="interpreter for the source side")
    ver.add_argument("--target-python", metavar="PATH", help="interpreter for the target side")
    ver.add_argument("--timeout", type=float, default=300.0, help="seconds per side (default 300)")
    ver.add_argument("--memory-limit", type=float, default=16.0, metavar="GIB",
                     help="address-space limit per side in GiB, 0 = none (default 16)")
    ver.add_argument("--weights", metavar="CKPT", help="load the source model's weights from CKPT "
                     "(.safetensors; .pt/.pth/.bin with torch.load(weights_only=True)); default: seeded init")
    ver.add_argument("--unsafe-pickle", action="store_true", help="let --weights use full pickle "
                     "(runs code the file names: only for files you trust)")
    ver.add_argument("--allow-network", action="store_true", help="let the model code use the network "
                     "(blocked by default in each side's child process)")
    ver.add_argument("--json", metavar="F", help="write the full result as JSON")
    ver.add_argument("--html", metavar="F", help="write an HTML report with a per-layer error plot")
    ver.add_argument("--force", action="store_true", help="overwrite the --json/--html files if they exist")


EXIT_INTERRUPTED = 130   # 128 + SIGINT, what shells report for a command stopped by Ctrl-C


def main(argv: list[str] | None = None) -> int:
    """Run one command; Ctrl-C ends it with a one-line message and exit status 130, no traceback."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("\nnnport: interrupted (files written so far are complete; no file is half-written)",
              file=sys.stderr)
        return EXIT_INTERRUPTED


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "convert":
        return _convert_command(args)
    if args.command == "verify":
        # TensorFlow reads this at import: on CPUs without AVX-512 it leaves oneDNN off, and its CPU
        # Conv1D/Conv2D then refuse the channels-first layout that translations of NCHW code use.
        os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")
        return _verify_command(args)
    if args.command == "scan":
        return _scan_command(args)
    if args.command == "restore":
        from nnport.backup import restore_command
        return restore_command(args)
    if args.command == "support":
        from nnport.support import generate
        sys.stdout.write(generate(args.format, None) if args.tables_only else generate(args.format))
        return EXIT_OK
    parser.print_help(sys.stderr)
    return EXIT_ERROR


# --------------------------------------------------------------------------------------- convert

class _Run:
    """Per-invocation state: report entries, counters, exit status."""

    def __init__(self) -> None:
        self.entries: list[dict] = []
        self.converted = 0
        self.issues = 0
        self.failed = 0

    def error(self, path: str, message: str, *, line: int | None = None, col: int | None = None,
              output: str | None = None) -> None:
        where = path if line is None else f"{path}:{line}:{col}"
        print(f"{where}: error: {message}", file=sys.stderr)
        self.failed += 1
        self.entries.append({
            "path": path, "output": output, "status": "error",
            "diagnostics": [{"severity": "error", "line": line, "col": col, "message": message,
                             "api": "", "filename": path}]})

    @property
    def exit_code(self) -> int:
        if self.failed:
            return EXIT_ERROR
        return EXIT_ISSUES if self.issues else EXIT_OK


def _unified_diff(before: str, after: str, path: str) -> str:
    import difflib

    lines = []
    for line in difflib.unified_diff(before.splitlines(keepends=True),
                                     after.splitlines(keepends=True),
                                     fromfile=f"a/{path}", tofile=f"b/{path}"):
        lines.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def _translate(args, path: str, run: _Run):
    """Read and convert one input, printing its diagnostics: (source, code, diagnostics) or None."""
    from nnport.io import read_source, undecodable
    from nnport.project.worker import convert_source

    try:
        source = read_source(path)
    except UnicodeDecodeError as e:
        line, col, message = undecodable(e)
        run.error(path, message, line=line, col=col)
        return None
    except OSError as e:
        run.error(path, f"cannot read: {e.strerror or e}")
        return None

    conv, failure = convert_source(source, path, args.to, args.source)
    if failure:
        run.error(path, failure["message"], line=failure["line"], col=failure["col"])
        return None
    diagnostics = sorted(conv.diagnostics, key=lambda d: (d.line or 0, d.col or 0))
    for d in diagnostics:
        print(f"{path}:{d.line}:{d.col}: {d.severity}: {d.message}", file=sys.stderr)
    return source, conv.code, diagnostics


def _converted(run: _Run, path: str, output: str | None, diagnostics) -> None:
    from nnport.project.worker import diagnostic_dict

    run.converted += 1
    run.issues += sum(1 for d in diagnostics if d.severity in ISSUE_SEVERITIES)
    run.entries.append({"path": path, "output": output, "status": "converted",
                        "diagnostics": [diagnostic_dict(d, path) for d in diagnostics]})


def _convert_one(args, path: str, output: str | None, run: _Run) -> None:
    from nnport.io import atomic_write

    done = _translate(args, path, run)
    if done is None:
        return
    source, code, diagnostics = done
    if output is None:
        sys.stdout.write(_unified_diff(source, code, path))
    elif output == "-":
        sys.stdout.write(code)
        sys.stdout.flush()
    else:
        try:
            parent = os.path.dirname(output)
            if parent:
                os.makedirs(parent, exist_ok=True)
            atomic_write(output, code)
        except OSError as e:
            run.error(path, f"cannot write {output}: {e.strerror or e}", output=output)
            return
    _converted(run, path, output, diagnostics)


def _convert_command(args) -> int:
    import json

    from nnport.convert_paths import check_output, collect, plan_outputs, realpath

    from nnport.io import atomic_write, refuse_existing, remove_stale_temps_in

    if args.jobs is not None and args.jobs < 1:
        print("nnport: error: -j/--jobs must be at least 1", file=sys.stderr)
        return EXIT_ERROR
    if args.out_dir and len(args.paths) == 1 and os.path.isdir(args.paths[0]):
        from nnport.project.run import convert_project
        return convert_project(args)
    run = _Run()
    inputs = collect(args, run)
    plan = plan_outputs(args, inputs, run)
    if plan is None:
        return EXIT_ERROR
    input_keys = {realpath(path) for path, _ in plan}
    if args.report and realpath(args.report) in input_keys:
        print(f"nnport: error: refusing to overwrite input file {args.report} with the report",
              file=sys.stderr)
        return EXIT_ERROR

    refusal = refuse_existing(args.report, args.force, "report")
    if refusal:
        print(f"nnport: error: {refusal}", file=sys.stderr)
        return EXIT_ERROR
    remove_stale_temps_in({os.path.dirname(o) or "." for _, o in plan if o not in (None, "-")})
    if args.in_place:
        from nnport.inplace import convert_in_place
        if not convert_in_place(args, [path for path, _ in plan], run):
            return EXIT_ERROR
    claimed: dict[str, str] = {}
    for path, output in [] if args.in_place else plan:
        refusal = check_output(args, path, output, input_keys, claimed)
        if refusal:
            run.error(path, refusal, output=output)
        else:
            _convert_one(args, path, output, run)

    summary = f"{run.converted} files converted, {run.issues} issues need attention"
    if run.failed:
        summary += f", {run.failed} files failed"
    print(summary, file=sys.stderr)

    if args.report:
        report = {"files": run.entries,
                  "summary": {"files": run.converted, "issues": run.issues, "errors": run.failed}}
        try:
            parent = os.path.dirname(args.report)
            if parent:
                os.makedirs(parent, exist_ok=True)
            atomic_write(args.report, json.dumps(report, indent=2) + "\n")
        except OSError as e:
            print(f"nnport: error: cannot write report {args.report}: {e.strerror or e}",
                  file=sys.stderr)
            return EXIT_ERROR
    return run.exit_code


# ------------------------------------------------------------------------------------------ scan

def _scan_command(args) -> int:
    from nnport.io import atomic_write, refuse_existing
    from nnport.project.scan import scan
    from nnport.project.scan_render import RENDER

    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        print(f"nnport: error: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return EXIT_ERROR
    refusal = refuse_existing(args.output, args.force)
    if refusal:
        print(f"nnport: error: {refusal}", file=sys.stderr)
        return EXIT_ERROR
    text = RENDER[args.format](scan(args.paths, args.source, args.to), args.top)
    if args.output:
        atomic_write(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


# ---------------------------------------------------------------------------------------- verify

def _verify_command(args) -> int:
    import nnport
    from nnport.io import refuse_existing
    from nnport.verify.output import write_reports
    from nnport.verify.report import render

    if args.train_steps < 0:
        print("nnport: error: --train-steps must be positive", file=sys.stderr)
        return EXIT_ERROR
    if args.trials < 1:
        print("nnport: error: --trials must be at least 1", file=sys.stderr)
        return EXIT_ERROR
    for refusal in filter(None, (refuse_existing(p, args.force) for p in (args.json, args.html))):
        print(f"nnport: error: {refusal}", file=sys.stderr)
        return EXIT_ERROR
    res = nnport.verify(args.source, to=args.to, target=args.target, init=args.init, inputs=args.inputs,
                        train=args.train, trials=args.trials, atol=args.atol, rtol=args.rtol, seed=args.seed,
                        source_python=args.source_python, target_python=args.target_python,
                        timeout=args.timeout, memory_limit=args.memory_limit or None,
                        train_steps=args.train_steps, source_framework=args.source_framework,
                        allow_network=args.allow_network, weights=args.weights,
                        unsafe_pickle=args.unsafe_pickle)
    print(render(res))
    problem = write_reports(res, json_path=args.json, html_path=args.html)
    if problem:
        print(f"nnport: error: {problem}", file=sys.stderr)
        return EXIT_ERROR
    return res.exit_code


if __name__ == "__main__":
    raise SystemExit(main())
