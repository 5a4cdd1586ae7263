"""Snapshot every translation output, to check that an optimisation changed none of them.

    python benchmarks/snapshot_outputs.py --write DIR     # store code + diagnostics
    python benchmarks/snapshot_outputs.py --check DIR     # compare with DIR; exit 1 on any difference

Inputs: the bench_project sample (build/bench-project/src, written by benchmarks/bench_project.py)
and tests/corpus/{torch,keras,flax,linen,gluon,train*}. A PyTorch source is converted to flax, keras,
mxnet and torch (via_pivot); every other source to torch. Each conversion is stored as one text file:
the code, then `# --- diagnostics`, then each diagnostic's format() (or the exception it raised).
Gluon sources run MXNet models for their sizes: they are skipped unless mxnet imports (run this script
with .venv-mxnet for them), and `--check` then ignores snapshots it did not produce.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TORCH_TARGETS = (("flax", False), ("keras", False), ("mxnet", False), ("torch", True))
# corpus folder -> source framework
CORPUS = {"torch": "torch", "train": "torch", "keras": "keras", "train_keras": "keras", "flax": "flax",
          "train_flax": "flax", "linen": "flax", "gluon": "mxnet", "train_gluon": "mxnet"}


def jobs(include_gluon: bool) -> list[tuple[str, Path, str | None, str, bool]]:
    """(snapshot name, file, source or None to detect, target, via_pivot) for every conversion."""
    out = []
    bench = ROOT / "build/bench-project/src"
    for f in sorted(bench.rglob("*.py")):
        out += [(f"bench/{f.relative_to(bench)}", f, "torch", to, pivot) for to, pivot in TORCH_TARGETS]
    for folder, source in CORPUS.items():
        if source == "mxnet" and not include_gluon:
            continue
        for f in sorted((ROOT / "tests/corpus" / folder).glob("*.py")):
            if f.name == "__init__.py":
                continue
            targets = TORCH_TARGETS if source == "torch" else (("torch", False),)
            out += [(f"{folder}/{f.name}", f, source, to, pivot) for to, pivot in targets]
    return out


def render(path: Path, source: str | None, to: str, via_pivot: bool) -> str:
    import nnport
    try:
        conv = nnport.convert(path.read_text(encoding="utf-8"), to=to, source=source,
                              filename=str(path.relative_to(ROOT)), via_pivot=via_pivot)
    except Exception as e:   # the error is part of the output
        return f"# --- raised\n{type(e).__name__}: {e}\n"
    return conv.code + "\n# --- diagnostics\n" + "".join(d.format() + "\n" for d in conv.diagnostics)


def snapshot_name(name: str, to: str, via_pivot: bool) -> str:
    return f"{name}.{to}{'.pivot' if via_pivot else ''}.txt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", type=Path, metavar="DIR")
    mode.add_argument("--check", type=Path, metavar="DIR")
    parser.add_argument("--only", default="", help="only snapshot names containing this text")
    args = parser.parse_args(argv)
    gluon = importlib.util.find_spec("mxnet") is not None
    todo = [j for j in jobs(gluon) if args.only in j[0]]
    if not any(j[0].startswith("bench/") for j in todo) and not args.only:
        print("note: no bench sample under build/bench-project/src (run benchmarks/bench_project.py)")
    differ, missing = [], []
    for name, path, source, to, pivot in todo:
        text = render(path, source, to, pivot)
        target = (args.write or args.check) / snapshot_name(name, to, pivot)
        if args.write:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        elif not target.exists():
            missing.append(target.name)
        elif target.read_text(encoding="utf-8") != text:
            differ.append(str(target.relative_to(args.check)))
    print(f"{len(todo)} conversions{'' if gluon else ' (gluon skipped: no mxnet)'}; "
          f"{len(differ)} differ, {len(missing)} without a snapshot")
    for d in differ:
        print(f"DIFFERS: {d}")
    return 1 if differ or missing else 0


if __name__ == "__main__":
    sys.exit(main())
