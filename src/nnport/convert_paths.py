"""Which files `nnport convert` reads and writes: PATHs expanded into inputs, each paired with its
output, and the outputs it must not write (an input, one written twice, one that exists without
--force). Used by cli.py for everything but the project mode (project/run.py)."""
from __future__ import annotations

import os
import sys


def realpath(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def collect(args, run) -> list[tuple[str, str, bool]]:
    """Expand PATHs into (display path, path relative to its PATH, came from a directory)."""
    skip_dir = realpath(args.out_dir) if args.out_dir else None
    found: list[tuple[str, str, bool]] = []
    seen: set[str] = set()

    def add(path: str, rel: str, from_dir: bool) -> None:
        key = realpath(path)
        if key not in seen:
            seen.add(key)
            found.append((path, rel, from_dir))

    for arg in args.paths:
        if os.path.isdir(arg):
            for root, dirs, files in os.walk(arg):
                dirs[:] = sorted(d for d in dirs
                                 if not d.startswith(".") and d != "__pycache__"
                                 and realpath(os.path.join(root, d)) != skip_dir)
                for name in sorted(files):
                    if name.endswith(".py"):
                        path = os.path.join(root, name)
                        add(path, os.path.relpath(path, arg), True)
        elif os.path.exists(arg):
            add(arg, os.path.basename(arg), False)
        else:
            run.error(arg, "no such file or directory")
    return found


def plan_outputs(args, inputs, run) -> list[tuple[str, str | None]] | None:
    """Pair each input with its output path ("-" = stdout, None = diff only); None = usage error."""
    if args.diff:
        return [(path, None) for path, _, _ in inputs]
    if args.in_place:
        return [(path, path) for path, _, _ in inputs]
    if args.out_dir:
        return [(path, os.path.join(args.out_dir, rel)) for path, rel, _ in inputs]
    several = len(inputs) > 1 or any(from_dir for _, _, from_dir in inputs)
    if args.output:
        if several:
            print("nnport: error: -o/--output takes exactly one input file; "
                  "use --out-dir DIR for several", file=sys.stderr)
            return None
        return [(path, args.output) for path, _, _ in inputs]
    if several:
        print("nnport: error: several input files: use --out-dir DIR, --in-place or --diff",
              file=sys.stderr)
        return None
    return [(path, "-") for path, _, _ in inputs]


def check_output(args, path: str, output: str | None, input_keys: set[str],
                  claimed: dict[str, str]) -> str | None:
    """Why `output` must not be written, or None if it may."""
    if output in (None, "-") or args.in_place:
        return None
    key = realpath(output)
    if key in input_keys:
        return f"refusing to overwrite input file {output} (use --in-place to convert in place)"
    if key in claimed:
        return f"output {output} would also be written from {claimed[key]}"
    if os.path.exists(output) and not args.force:
        return f"output {output} exists (use --force to overwrite)"
    claimed[key] = path
    return None
