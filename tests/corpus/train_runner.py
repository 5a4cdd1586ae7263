"""Convert each training script of tests/corpus/train (its convention: tests/corpus/train/__init__.py)
to a target and train both sides N steps from the same weights on the same batches (the verifier's
two jobs, verify/training.py, in this process): the loss of every step and the final weights compared.

Used by tests/test_train_corpus.py and by `python tests/corpus/train_runner.py [--steps 20] [names]`
(prints a table: translation issues, max |loss difference|, max relative error of losses and final
weights, verdict; exit status 1 when one is not equal). `--to mxnet` runs in .venv-mxnet (it has
PyTorch too): `.venv-mxnet/bin/python tests/corpus/train_runner.py --to mxnet`. `--from keras` /
`--from flax`: the Keras and Flax training scripts of tests/corpus/train_keras and train_flax, to
PyTorch (their weights converted on the source side, as verify does). A compile/fit script returns
one loss per epoch (Keras' history). `--from mxnet`: the Gluon scripts of tests/corpus/train_gluon to
PyTorch, both sides in .venv-mxnet (`.venv-mxnet/bin/python tests/corpus/train_runner.py --from mxnet`).
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
TRAIN_DIR = HERE / "train"
SCAFFOLD = ("get_batches", "get_init_inputs", "get_inputs")   # run on the source side only


FOLDERS = {"torch": TRAIN_DIR, "keras": HERE / "train_keras", "flax": HERE / "train_flax",   # by source
           "mxnet": HERE / "train_gluon"}


def names(source: str = "torch") -> list[str]:
    return sorted(p.stem for p in FOLDERS[source].glob("*.py") if not p.stem.startswith("_"))


def _scaffold_lines(code: str) -> set[int]:
    import ast
    lines: set[int] = set()
    for node in ast.parse(code).body:
        if isinstance(node, ast.FunctionDef) and node.name in SCAFFOLD:
            lines.update(range(node.lineno, node.end_lineno + 1))
    return lines


def _converted(source: str, to: str, out: str) -> dict:
    """Keras and Flax weights go to PyTorch converted on the source side (verify/oracle.py)."""
    if source == "torch":
        return {}
    return {"weights_for": {"framework": to, "file": out, "class": "Model"}}


def run(name: str, steps: int = 20, to: str = "flax", rtol: float = 1e-5, path: Path | None = None,
        source: str = "torch") -> dict:
    """{'name', 'issues', 'equal', 'max_loss_diff', 'loss_rel', 'weight_rel', 'checks', 'seconds'};
    raises AssertionError when the translation leaves issues outside the scaffolding. `path`: a script
    of the corpus's convention elsewhere (tests' own cases)."""
    import nnport
    from nnport.verify import training
    from nnport.verify.compare import MATCH, NOT_COMPARABLE

    t0 = time.perf_counter()
    path = path or FOLDERS[source] / f"{name}.py"
    code = path.read_text()
    conv = nnport.convert(code, to=to, source=source, filename=str(path))
    scaffold = _scaffold_lines(code)
    issues = [d for d in conv.issues if d.line not in scaffold]
    assert not issues, "translation left issues:\n" + "\n".join(d.format() for d in issues)
    with tempfile.TemporaryDirectory(prefix="nnport-train-") as tmp:
        out = os.path.join(tmp, f"{name}_{to}.py")
        Path(out).write_text(conv.code)
        s = training.source_job({"framework": source, "file": str(path), "class": "Model", "init": None,
                                 "seed": 0, "train_steps": steps,
                                 "tolerance": {"atol": 0.0, "rtol": rtol, "floor": 1e-3},
                                 **_converted(source, to, out)})
        t = training.target_job({"framework": to, "file": out, "class": "Model", "init": s["init"],
                                 "tolerance": {"atol": 0.0, "rtol": rtol, "floor": 1e-3}, "seed": 0,
                                 "weights": s["weights"], "batches": s["batches"], "count": s["count"],
                                 "losses": s["losses"], "final": s["final"], "sensitive": s["sensitive"],
                                 "example": s["example"]})
    checks = t["checks"]
    got = t.get("losses") or []
    rel = {kind: max((c["max_rel"] or 0.0 for c in checks if c["name"].startswith(kind) and c["status"] == MATCH),
                     default=None) for kind in ("loss", "final")}
    unset = sorted(c["name"].split(" ", 2)[-1] for c in checks if c["status"] == NOT_COMPARABLE)
    return {"name": name, "issues": len(issues), "steps": len(s["losses"]),
            "equal": all(c["status"] in (MATCH, NOT_COMPARABLE) for c in checks) and len(got) == len(s["losses"]),
            "max_loss_diff": max((abs(a - b) for a, b in zip(s["losses"], got)), default=None),
            "loss_rel": rel["loss"], "weight_rel": rel["final"], "checks": checks, "not_comparable": unset,
            "seconds": time.perf_counter() - t0}


def main(argv: list[str]) -> int:
    import argparse
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("names", nargs="*")
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--from", dest="source", default="torch", choices=sorted(FOLDERS))
    p.add_argument("--to", default=None, help="default: flax from torch, torch from keras or flax")
    args = p.parse_args(argv)
    args.to = args.to or ("flax" if args.source == "torch" else "torch")
    rows, bad = [], 0
    for name in args.names or names(args.source):
        try:
            r = run(name, args.steps, args.to, source=args.source)
            verdict = "equal" if r["equal"] else "NOT EQUAL"
            rows.append((name, r["steps"], f"{r['max_loss_diff']:.1e}", f"{r['loss_rel']:.1e}",
                         f"{r['weight_rel']:.1e}", verdict, f"{r['seconds']:.1f}",
                         ", ".join(r["not_comparable"]) or "-"))
            bad += not r["equal"]
        except Exception as e:  # noqa: BLE001 - one script's failure is a row of the table
            rows.append((name, "-", "-", "-", "-", f"FAILED: {type(e).__name__}: {str(e).splitlines()[0][:80]}", "-", "-"))
            bad += 1
    header = ("script", "steps", "max |dloss|", "loss rel", "weight rel", "verdict", "s", "not comparable")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())
    print(f"{len(rows) - bad}/{len(rows)} scripts equal step by step over {args.steps} steps ({args.source} -> {args.to})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.path[0] = str(HERE.parent.parent / "src")   # not this folder: its torch/ would hide PyTorch
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")   # NCHW convs on CPUs without AVX-512
    raise SystemExit(main(sys.argv[1:]))
