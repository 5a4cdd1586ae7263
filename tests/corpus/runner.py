"""Convert one corpus model to a target (Flax, Keras) and compare it with PyTorch (eval; train-mode
batch-norm state), or round-trip it PyTorch -> pivot -> PyTorch and measure how close the text is.

Used by tests/test_corpus.py and by `python tests/corpus/runner.py [--to keras] [names]` (prints a
pass/fail table; `--round-trip [names]`: the round trip, with each file's text similarity and the mean).
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
TORCH_DIR = HERE / "torch"
TOL = 1e-5


def names() -> list[str]:
    return sorted(p.stem for p in TORCH_DIR.glob("*.py") if not p.stem.startswith("_"))


def cases(known: dict[str, str], models: list[str] | None = None) -> list:
    """Every model (of the PyTorch corpus, or `models`) as a pytest parameter, those in `known`
    (name -> reason) strict xfails."""
    import pytest
    return [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=known[n])) if n in known else n
            for n in (names() if models is None else models)]


def _scaffold_lines(code: str) -> set[int]:
    """Lines of get_inputs()/get_init_inputs(): test scaffolding run on the torch side only."""
    import ast
    lines: set[int] = set()
    for node in ast.parse(code).body:
        if isinstance(node, ast.FunctionDef) and node.name in ("get_inputs", "get_init_inputs"):
            lines.update(range(node.lineno, node.end_lineno + 1))
    return lines


def _stochastic_in_training(model, inputs) -> bool:
    """Does a training-mode forward draw random numbers? (two seeds, two copies, same input)"""
    import copy
    import torch
    outs = []
    for seed in (1, 2):
        m = copy.deepcopy(model).train()
        torch.manual_seed(seed)
        with torch.no_grad():
            outs.append(m(*inputs))
    a, b = (o if isinstance(o, (tuple, list)) else (o,) for o in outs)
    return any(not torch.equal(x, y) for x, y in zip(a, b) if isinstance(x, torch.Tensor))


def run(name: str, tol: float = TOL, to: str = "flax") -> dict:
    """Returns {'name', 'issues', 'eval_err', 'train_err', 'seconds'}; raises AssertionError on mismatch."""
    import torch

    sys.path.insert(0, str(HERE.parent))
    from harness import compare, compare_state, load, run as run_target, runtime, translate
    import nnport

    t0 = time.perf_counter()
    code = (TORCH_DIR / f"{name}.py").read_text()
    conv = translate(code, allow_issues=True, to=to)
    scaffold = _scaffold_lines(code)
    issues = [d for d in conv.issues if d.line not in scaffold]
    assert not issues, "translation left issues:\n" + "\n".join(d.format() for d in issues)
    tmod, fmod = load(code, f"corpus_torch_{name}"), load(conv.code, f"corpus_{to}_{name}")
    init = tmod.get_init_inputs()
    torch.manual_seed(0)
    inputs = tmod.get_inputs()
    tm = tmod.Model(*init)
    np_inputs = [i.numpy() if hasattr(i, "numpy") else i for i in inputs]
    fm = runtime(to).build(fmod.Model, list(init), {}, 0)
    nnport.transfer_weights(tm, fm, example_inputs=np_inputs)
    tm.eval()
    with torch.no_grad():
        ref = tm(*inputs)
    eval_err = compare(ref, run_target(fm, np_inputs, False, to), tol, "eval output")
    hybrid = None
    hybridize = getattr(runtime(to), "hybridize", None)
    if hybridize is not None:   # Gluon: the same numbers again from the cached graph
        hybrid = hybridize(fm)
        if hybrid:
            eval_err = max(eval_err, compare(ref, run_target(fm, np_inputs, False, to), tol, "hybridized eval output"))
    train_err = None
    if any(isinstance(m, torch.nn.modules.batchnorm._BatchNorm) for m in tm.modules()) and \
            not any(isinstance(m, torch.nn.modules.dropout._DropoutNd) for m in tm.modules()):
        tm.train()
        # random draws in training (a VAE's noise) differ between frameworks by design: such
        # models are compared in eval mode only (the report says "stochastic")
        if _stochastic_in_training(tm, inputs):
            train_err = "stochastic"
        else:
            with torch.no_grad():
                ref = tm(*inputs)
            train_err = compare(ref, run_target(fm, np_inputs, True, to), tol, "train output")
            compare_state(tm, fm, tol, to)
    return {"name": name, "issues": len(issues), "eval_err": eval_err, "train_err": train_err,
            "hybrid": hybrid, "seconds": time.perf_counter() - t0}


def similarity(before: str, after: str) -> float:
    """How close a translation's text is to its source: difflib's ratio over lines (1.0: the same)."""
    import difflib
    return difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False).ratio()


def run_round_trip(name: str, tol: float = TOL, via: str | None = None) -> dict:
    """The model translated PyTorch -> pivot -> PyTorch (with `via`: PyTorch -> via -> PyTorch);
    weights transferred; outputs in eval and in train mode (same seeds: dropout masks and noise are
    drawn alike), then buffers, compared.
    Returns {'name', 'issues', 'eval_err', 'train_err', 'similarity'}; raises AssertionError."""
    import torch
    sys.path.insert(0, str(HERE.parent))
    import nnport
    import round_trip
    from harness import compare, load
    code = (TORCH_DIR / f"{name}.py").read_text()
    if via is None:
        conv = round_trip.translate(code)
    else:   # the second hop reads the first's text as a file of `via` (which it runs to record sizes)
        there = nnport.convert(code, to=via, source="torch", filename=f"{name}.py")
        conv = nnport.convert(there.code, to="torch", source=via, filename=f"{name}_{via}.py")
        conv.diagnostics = there.diagnostics + conv.diagnostics
    smod, rmod = load(code, f"corpus_torch_{name}"), load(conv.code, f"corpus_round_trip_{name}")
    init = smod.get_init_inputs()
    torch.manual_seed(0)
    inputs = smod.get_inputs()
    sm = smod.Model(*init)
    torch.manual_seed(1)
    rm = rmod.Model(*init)
    nnport.transfer_weights(sm, rm, example_inputs=inputs)   # sizes lazy modules of the translation (eval mode)
    errs = {}
    for mode in ("eval", "train"):
        sm.train(mode == "train")
        rm.train(mode == "train")
        outs = []
        for m in (sm, rm):
            torch.manual_seed(2)
            with torch.no_grad():
                outs.append(m(*inputs))
        errs[mode] = compare(*outs, tol, f"round trip {mode} output")
    bufs = dict(rm.named_buffers())
    for key, value in sm.named_buffers():
        compare(value.numpy(), bufs[key].numpy(), tol, f"round trip state {key}", floor=1.0)
    return {"name": name, "issues": len(conv.issues), "eval_err": errs["eval"], "train_err": errs["train"],
            "similarity": similarity(code, conv.code)}


def main_round_trip(models: list[str]) -> int:
    rows, failed, sims = [], 0, []
    for name in models or names():
        try:
            r = run_round_trip(name)
            sims.append(r["similarity"])
            rows.append(f"| {name} | pass | {r['eval_err']:.1e} | {r['train_err']:.1e} | {r['similarity']:.3f} |")
        except Exception as e:  # noqa: BLE001 - a report of every failure is the point
            failed += 1
            msg = str(e).splitlines()[0][:150] if str(e) else type(e).__name__
            rows.append(f"| {name} | FAIL | {type(e).__name__}: {msg} | | |")
    print("| model | result | eval rel. error | train rel. error | text similarity |\n|---|---|---|---|---|")
    print("\n".join(rows))
    mean = sum(sims) / len(sims) if sims else 0.0
    print(f"\n{len(rows) - failed} passed, {failed} failed; mean text similarity {mean:.3f}")
    return 1 if failed else 0


def main() -> int:
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE.resolve()]
    if sys.argv[1:2] == ["--round-trip"]:   # PyTorch -> pivot -> PyTorch
        return main_round_trip(sys.argv[2:])
    args = sys.argv[1:]
    to = "flax"
    if args[:1] == ["--to"]:
        to, args = args[1], args[2:]
    rows, failed = [], 0
    for name in (args or names()):
        try:
            r = run(name, to=to)
            train = r["train_err"] if r["train_err"] is None or isinstance(r["train_err"], str) \
                else f"{r['train_err']:.1e}"
            train = "-" if train is None else train
            hybrid = "" if r["hybrid"] is None else f" | {r['hybrid'] or 'imperative'}"
            rows.append(f"| {name} | pass | {r['eval_err']:.1e} | {train}{hybrid} |")
        except Exception as e:  # noqa: BLE001 - a report of every failure is the point
            failed += 1
            msg = str(e).splitlines()[0][:150] if str(e) else type(e).__name__
            rows.append(f"| {name} | FAIL | {type(e).__name__}: {msg} | |")
    extra = (" graph |", "---|") if to == "mxnet" else ("", "")
    print(f"| model | result | eval rel. error | train rel. error |{extra[0]}\n|---|---|---|---|{extra[1]}")
    print("\n".join(rows))
    total = len(rows)
    print(f"\n{total - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
