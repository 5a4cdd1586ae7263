"""Every direction over the corpora: source corpus X (torch, keras, mxnet) -> target Y != X.

For each model: `nnport.verify` (src/nnport/verify: the source side builds the model from
get_init_inputs(), runs it in eval mode on get_inputs() and exports its weights, converted on the
source side through torch where the source reaches the target through its hub; the target side
imports them into the translation and compares every eval output, tolerance 1e-5 of the output's
scale). A framework that needs an interpreter of its own (MXNet 1.9: numpy<1.24, `.venv-mxnet`)
runs its side there: as a target, through verify's `target_python`; as a source, this script runs
itself in that interpreter (the conversion records Gluon's sizes by running the model) and that
copy hands the target sides to this one (`target_python`). Arrays and weights travel as .npz.

Round trips PyTorch -> X -> PyTorch over the PyTorch corpus: runner.run_round_trip(via=X).

    python tests/corpus/pairs.py [--from X] [--to Y] [--direct] [names...]   # one table a line
    python tests/corpus/pairs.py --round-trip X [names...]
    python tests/corpus/pairs.py --table         # every direction and round trip -> docs/pairs.md
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
# source framework -> its corpus folder (adding a source is one line here)
CORPORA = {"torch": "torch", "keras": "keras", "mxnet": "gluon", "flax": "flax"}
TARGETS = ("torch", "keras", "flax", "mxnet")
# frameworks whose side runs in another interpreter than this one (.venv): framework -> path
OWN_PYTHON = {"mxnet": ROOT / ".venv-mxnet" / "bin" / "python"}
MAIN_PYTHON = os.environ.get("NNPORT_MAIN_PYTHON", sys.executable)   # the interpreter of the others
TOL = 1e-5


def names(source: str) -> list[str]:
    return sorted(p.stem for p in (HERE / CORPORA[source]).glob("*.py") if not p.stem.startswith("_"))


def python_of(framework: str) -> str:
    own = OWN_PYTHON.get(framework)
    return str(own) if own is not None else MAIN_PYTHON


def here(framework: str) -> bool:
    """Does this interpreter have that framework (its side runs in this process)?"""
    import importlib.util
    return importlib.util.find_spec(framework) is not None


def missing_python(*frameworks: str) -> str | None:
    """Why a direction cannot run here (an interpreter it needs is missing), or None."""
    for fw in frameworks:
        own = OWN_PYTHON.get(fw)
        if own is not None and not own.exists():
            return f"no {fw} interpreter at {own} (make mxnet-venv)"
    return None


def check(source: str, to: str, name: str, direct: bool = False) -> dict:
    """{'name', 'verdict', 'error', 'issues', 'seconds'} of one model in this interpreter."""
    import nnport
    from nnport.translate.engine import convert_direct
    t0 = time.perf_counter()
    path = HERE / CORPORA[source] / f"{name}.py"
    code = path.read_text()
    conv = (convert_direct if direct else nnport.convert)(code, to=to, source=source, filename=str(path))
    with tempfile.TemporaryDirectory(prefix="nnport-pairs-") as tmp:
        out = Path(tmp) / f"{name}_{to}.py"
        out.write_text(conv.code)
        r = nnport.verify(str(path), target=str(out), isolate=False, localize=False, rtol=TOL,
                          target_python=None if here(to) else python_of(to))
    return {"name": name, "verdict": r.verdict, "error": (r.error or _mismatch(r) or "")[:300],
            "issues": len(conv.issues), "seconds": round(time.perf_counter() - t0, 2)}


def _mismatch(r) -> str:
    bad = [c for c in r.checks if c.status not in ("match", "not comparable")]
    return "; ".join(f"{c.name}: {c.message or c.status}" for c in bad[:3])


def direction(source: str, to: str, models: list[str] | None = None, direct: bool = False) -> list[dict]:
    """Every (or the given) model of the source corpus to one target; run in the source's interpreter."""
    why = missing_python(source, to)
    if why:
        return [{"name": n, "verdict": "skipped", "error": why, "issues": 0, "seconds": 0.0}
                for n in models or names(source)]
    if not here(source):
        return _elsewhere(source, ["--from", source, "--to", to, *(["--direct"] if direct else []),
                                   *(models or [])])
    return [_guarded(check, source, to, n, direct) for n in models or names(source)]


def _guarded(fn, *args) -> dict:
    try:
        return fn(*args)
    except Exception as e:  # noqa: BLE001 - the table reports every failure
        return {"name": args[2] if len(args) > 2 else args[0], "verdict": "error",
                "error": f"{type(e).__name__}: {e}"[:300], "issues": 0, "seconds": 0.0}


def _elsewhere(framework: str, argv: list[str]) -> list[dict]:
    """This script run in the framework's interpreter (--json): its rows."""
    with tempfile.TemporaryDirectory(prefix="nnport-pairs-") as tmp:
        out = Path(tmp) / "rows.json"
        env = dict(os.environ, NNPORT_MAIN_PYTHON=MAIN_PYTHON,
                   PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
        p = subprocess.run([python_of(framework), str(Path(__file__)), "--json", str(out), *argv],
                           capture_output=True, text=True, env=env, timeout=3600)
        if not out.exists():
            raise RuntimeError(f"{python_of(framework)} pairs.py {' '.join(argv)} failed:\n{p.stderr[-2000:]}")
        return json.loads(out.read_text())


def round_trip(via: str, models: list[str] | None = None) -> list[dict]:
    """PyTorch -> via -> PyTorch over the PyTorch corpus, in via's interpreter (runner.run_round_trip)."""
    why = missing_python(via)
    if why:
        return [{"name": n, "verdict": "skipped", "error": why, "similarity": None} for n in models or []]
    if not here(via):
        return _elsewhere(via, ["--round-trip", via, *(models or [])])
    sys.path.insert(0, str(HERE.parent))
    from corpus.runner import names as torch_names, run_round_trip
    rows = []
    for n in models or torch_names():
        row = {"name": n, "verdict": "equivalent", "error": "", "similarity": None}
        try:   # the text's similarity whether or not the numbers agree
            row["similarity"] = _round_trip_similarity(n, via)
            row["issues"] = run_round_trip(n, TOL, via=via)["issues"]
        except Exception as e:  # noqa: BLE001
            row.update(verdict="error", error=f"{type(e).__name__}: {e}"[:300])
        rows.append(row)
    return rows


def _round_trip_similarity(name: str, via: str) -> float:
    import nnport
    from corpus.runner import TORCH_DIR, similarity
    code = (TORCH_DIR / f"{name}.py").read_text()
    there = nnport.convert(code, to=via, source="torch", filename=f"{name}.py")
    return similarity(code, nnport.convert(there.code, to="torch", source=via, filename=f"{name}_{via}.py").code)


def main(argv: list[str]) -> int:
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    # TensorFlow's CPU Conv2D runs NCHW (Keras data_format="channels_first") only through oneDNN,
    # which TF turns on by itself only on some CPUs (not on an AVX2-only one): on, so that
    # keras/channels_first_cnn runs on any machine
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
    sys.path.insert(0, str(HERE.parent))   # tests/: `corpus.*`, harness
    args, opts = [], {}
    it = iter(argv)
    for a in it:
        if a in ("--from", "--to", "--json", "--round-trip"):
            opts[a] = next(it)
        elif a in ("--direct", "--table"):
            opts[a] = True
        else:
            args.append(a)
    if "--table" in opts:
        from corpus.pairs_table import write
        return write(ROOT / "docs" / "pairs.md")
    if "--round-trip" in opts:
        rows = round_trip(opts["--round-trip"], args or None)
    else:
        src = opts.get("--from", "torch")
        rows = [r for to in ([opts["--to"]] if "--to" in opts else [t for t in TARGETS if t != src])
                for r in direction(src, to, args or None, "--direct" in opts)]
    if "--json" in opts:
        Path(opts["--json"]).write_text(json.dumps(rows))
        return 0
    for r in rows:
        print(f"| {r['name']} | {r['verdict']} | {r.get('issues', '')} | {r['error'][:120]} |")
    passed = sum(r["verdict"] == "equivalent" for r in rows)
    print(f"\n{passed}/{len(rows)} numerically equal")
    return 0 if passed == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
