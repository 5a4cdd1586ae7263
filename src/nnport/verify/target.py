"""The target side of a verification: import the source's weights, run, compare everything.

Per trial: eval outputs; with train, training-mode outputs, the state after that forward (the
source's state put into a copy of the target through the weight import, then compared variable by
variable) and gradients (the same trick: the source's gradients exported as if they were weights,
imported into a copy, compared with the target's gradients parameter by parameter), then the
gradients of the inputs. On the first mismatch of a mode, its layers are localised.
"""
from __future__ import annotations

import numpy as np

from nnport.verify.compare import ERROR, MATCH, NOT_COMPARABLE, Check, Tolerance, compare_arrays, compare_trees
from nnport.verify.localize import localize
from nnport.verify.side import load_file, runtime
from nnport.weights.transfer import WeightExport, _same_path, import_weights

STATE_FLOOR = 1.0   # running statistics average O(1) activations: judged on that scale
# Gradients: judged on the scale of the largest parameter gradient (see _grad_scale).


def _run_checks(name, rt, model, inputs, ref: dict, tol, train: bool, seed: int) -> list[Check]:
    try:
        got = rt.run(model, inputs, train=train, seed=seed)
    except Exception as e:  # noqa: BLE001 - the target fails where the source runs
        return [Check(name, ERROR, message=f"target raised {type(e).__name__}: {e}")]
    return compare_trees(name, ref["output"], got, tol, skip=set(ref["stochastic"]))


def _source_path(tpath: tuple, written: dict) -> str:
    for w, src in written.items():
        if _same_path(tpath, w):
            return src
    return ".".join(tpath)


def _module_of(path: str) -> str:
    return path.rpartition(".")[0]


def _grad_scale(export_tree) -> float:
    """The largest source gradient: every gradient is judged on this scale (a gradient that is zero
    in exact arithmetic, a bias before a batch norm, is float noise of that size)."""
    return max((float(np.abs(a).max(initial=0.0)) for m in export_tree["modules"] for a in m["arrays"].values()),
               default=0.0)


def _as_transferred(name, rt, model, export_tree, have: dict, read, tol, floor=None) -> list[Check]:
    """Compare `have` ({target path: array}) with what `export_tree` becomes in a copy of model."""
    expected = rt.copy(model)
    written = import_weights(WeightExport.from_tree(export_tree), expected)
    want = read(expected)
    out = []
    for tpath, value in want.items():
        src = _source_path(tpath, written)
        c = compare_arrays(f"{name} {src}", value, have.get(tpath), tol, floor)
        c.module = _module_of(src)
        out.append(c)
    return out


def _skipped(checks: list[Check], skip: dict) -> list[Check]:
    """Checks of arrays the source side found not comparable ({"module.name": why}: random ones;
    gradients a Keras source's conversion does not copy) marked so."""
    for c in checks:
        why = skip.get(c.name.split(" ", 2)[2])
        if why is not None:
            c.status, c.message = NOT_COMPARABLE, why
    return checks


def _train_checks(rt, model, t, tol) -> list[Check]:
    ref, seed, inputs = t["train"], t["seed"], t["inputs"]
    m = rt.copy(model)
    checks = _run_checks("train output", rt, m, inputs, ref, tol, True, seed)
    if not any(c.status == ERROR for c in checks):
        checks += _skipped(_as_transferred("train state", rt, model, ref["state"], rt.buffers(m), rt.buffers,
                                           tol, STATE_FLOOR), ref.get("state_skip", {}))
    if ref["grads"] is None:
        checks.append(Check("train grad", NOT_COMPARABLE,
                            message=ref.get("grads_note", "no deterministic float output to take gradients of")))
        return checks
    try:
        in_grads, holder = rt.gradients(rt.copy(model), inputs, ref["projections"], train=True, seed=seed)
    except Exception as e:  # noqa: BLE001
        return checks + [Check("train grad", ERROR, message=f"target gradient raised {type(e).__name__}: {e}")]
    scale = max(tol.floor, _grad_scale(ref["grads"]))
    grads = _as_transferred("train grad", rt, model, ref["grads"], rt.parameters(holder), rt.parameters, tol, scale)
    checks += _skipped(grads, ref.get("grads_skip", {}))
    for i, (a, b) in enumerate(zip(ref["input_grads"], in_grads)):
        if a is not None:
            checks.append(compare_arrays(f"train grad input[{i}]", a, b, tol))
    return checks


def target_job(req) -> dict:
    rt = runtime(req["framework"])
    mod = load_file(req["file"], "target")
    cls = getattr(mod, req["class"])
    args, kwargs = req["init"]
    tol = Tolerance(**req["tolerance"])
    checks: list[Check] = []
    layers: dict[str, list] = {}
    for i, t in enumerate(req["trials"]):
        model = rt.build(cls, list(args), dict(kwargs), t["seed"])
        if hasattr(rt, "materialize"):   # lazy modules (a translation from Keras) sized first
            rt.materialize(model, rt.from_numpy(list(t["inputs"])))
        import_weights(WeightExport.from_tree(t["weights"]), model, example_inputs=t["inputs"])
        modes = [("eval", _run_checks("eval output", rt, model, t["inputs"], t["eval"], tol, False, t["seed"]))]
        if "train" in t:
            modes.append(("train", _train_checks(rt, model, t, tol)))
        for mode, found in modes:
            for c in found:
                c.trial = i
            checks += found
            bad = any(c.status not in (MATCH, NOT_COMPARABLE) and c.name.startswith(f"{mode} output")
                      for c in found)
            if bad and mode not in layers and req.get("localize", True) and t[mode]["records"]:
                layers[mode] = [lc.to_dict() for lc in localize(rt, rt.copy(model), t[mode]["records"], tol,
                                                                  train=mode == "train")]
    return {"checks": [c.to_dict() for c in checks], "layers": layers}
