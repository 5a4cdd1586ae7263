"""`nnport verify --train-steps N`: a training script and its translation, trained side by side.

The script follows tests/corpus/train's convention: `Model`, `get_init_inputs()`, `get_batches()` (the
data, made on the source side only) and `train(model, batches, steps)` (or `epochs`: passes over the
batches) returning the loss of every optimisation step. Both sides start from the same weights (the
source's, imported as verify does) and get the same batches (the source's arrays); the loss of every
step (checks `loss[k]`) and, at the end, every weight and buffer (`final state <name>`) are compared.

Tolerances grow with the steps: float32 rounding differs between the frameworks' kernels and each
step feeds the next, so the loss of step k (0-based) is judged with rtol x (k + 1) and the final
weights with rtol x N (relative to max(1, max|w|) for weights, to the loss's scale for losses).
"""
from __future__ import annotations

import inspect

import numpy as np

from nnport.verify.compare import MISMATCH, NOT_COMPARABLE, Check, Tolerance, compare_arrays

WEIGHT_FLOOR = 1.0   # weights are O(1): judged on that scale


def _listed(data):
    """Loaders (iterables that are not arrays) as lists, so that their batches can travel."""
    if isinstance(data, (list, tuple)):
        return [_listed(d) for d in data]
    if isinstance(data, dict) or hasattr(data, "shape") or not hasattr(data, "__iter__"):
        return data
    return [_listed(d) for d in data]


def _copied(tree):
    from nnport.verify.tree import is_array, map_leaves
    return map_leaves(tree, lambda a: np.array(a, copy=True) if is_array(a) else a)


def count_for(train, batches, steps: int) -> tuple[str, int]:
    """What `train`'s third parameter gets for `steps` optimisation steps: ("steps", N) or
    ("epochs", N / batches per epoch)."""
    params = list(inspect.signature(train).parameters)
    if len(params) < 3:
        raise ValueError("train(model, batches, steps) takes the number of steps (or epochs) third")
    if params[2] != "epochs":
        return params[2], steps
    first = batches[0] if isinstance(batches, tuple) else batches   # (training, validation) batches
    per = len(first)
    if steps % per:
        raise ValueError(f"train() counts epochs of {per} batches: --train-steps must be a multiple of {per}")
    return "epochs", steps // per


def source_job(req) -> dict:
    from nnport.verify.side import _init, load_file, runtime
    rt = runtime(req["framework"])
    mod = load_file(req["file"], "source")
    args, kwargs, init_from = _init(req, mod)
    model = _built(rt, mod, rt.build(getattr(mod, req["class"]), args, kwargs, req["seed"]))
    export = _exporter(req, args, kwargs, mod)
    weights = _copied(export(model).to_tree())   # the export may share memory with the weights
    rt.set_seed(req["seed"])
    data = mod.get_batches()
    batches = rt.to_numpy(_listed(data))
    name, count = count_for(mod.train, data, req["train_steps"])
    first = _first_call(model, req["framework"])
    losses = [float(v) for v in mod.train(model, data, count)]
    first.pop("undo")()
    final = export(model).to_tree()
    other = _built(rt, mod, rt.build(getattr(mod, req["class"]), args, kwargs, req["seed"]))
    _perturb(rt, other, req["seed"])
    mod.train(other, data, count)
    tol = step_tolerance(Tolerance(**req.get("tolerance", {})), max(len(losses), 1) - 1)
    return {"init": (args, kwargs), "init_from": init_from, "weights": weights, "batches": batches,
            "count": [name, count], "losses": losses, "final": final, "example": rt.to_numpy(first.get("args")),
            "sensitive": _moved(rt, model, other, tol)}


def _first_call(model, framework: str) -> dict:
    """{"args": the positional arguments of the model's first call} once train() has called it: a target
    that builds its weights on a first call (Keras) is built on them before the weights are written."""
    from nnport import frameworks
    skeleton = frameworks.get(framework).skeleton
    forward, seen = getattr(skeleton, "CALLED", skeleton.FORWARD), {}
    own = getattr(model, forward)

    def first(*args, **kwargs):
        seen.setdefault("args", list(args))
        return own(*args, **kwargs)
    setattr(model, forward, first)   # an instance attribute: the class's method is left as it is
    seen["undo"] = lambda: delattr(model, forward)
    return seen


def _exporter(req, args, kwargs, mod):
    """model -> its weights to send: exported, or (a source without a framework-neutral export, Keras,
    or with a transfer of its own, Flax -> PyTorch: `weights_for`) copied into the target model first,
    as verify does (side.py)."""
    if not req.get("weights_for"):
        from nnport.weights.transfer import export_weights
        return export_weights
    from nnport.verify.side import _exporter as converted
    inputs = list(mod.get_inputs()) if hasattr(mod, "get_inputs") else None
    export = converted(req, args, kwargs)
    return lambda model: export(model, inputs)


def _built(rt, mod, model):
    """A model whose framework builds weights on the first call (Keras) called once on the script's
    `get_inputs()` (as the translation's sizes were recorded); others as they are."""
    prepare = getattr(rt, "prepare", None)
    if prepare is not None and hasattr(mod, "get_inputs"):
        prepare(model, rt.to_numpy(list(mod.get_inputs())))
    return model


PERTURBATION = 1e-6   # relative, of the initial weights: the second source run (see _moved)


def _perturb(rt, model, seed: int) -> None:
    rng = np.random.default_rng(seed + 1)
    for path, a in rt.parameters(model).items():
        if a.dtype.kind == "f":
            noisy = a * (1 + PERTURBATION * rng.standard_normal(a.shape))
            rt.set_array(rt.find(model, path[:-1]), path[-1], noisy.astype(a.dtype))


def _moved(rt, a, b, tol: Tolerance) -> dict[str, str]:
    """Weights and buffers of two source runs (from weights 1e-6 apart) that end further apart than the
    tolerance -> {"module.name": why}: the script does not set them beyond float rounding (a gradient
    zero in exact arithmetic, a bias before a batch norm or an attention key bias, is float noise, which
    Adam-like optimizers scale up to steps of the learning rate). Where such a weight differs between the
    frameworks it is not comparable, not a mismatch."""
    out = {}
    for read in (rt.parameters, rt.buffers):
        other = read(b)
        for path, x in read(a).items():
            y = other.get(path)
            if y is None or x.dtype.kind != "f":
                continue
            if np.max(np.abs(x - y), initial=0.0) > tol.limit(max(WEIGHT_FLOOR, float(np.max(np.abs(x), initial=0.0)))):
                out[".".join(path)] = (f"set by float rounding, not by the script: moves beyond the tolerance "
                                       f"when the initial weights move by {PERTURBATION:g} (relative)")
    return out


def step_tolerance(tol: Tolerance, k: int) -> Tolerance:
    return Tolerance(tol.atol * (k + 1), tol.rtol * (k + 1), tol.floor)


def target_job(req) -> dict:
    from nnport.verify.side import load_file, runtime
    from nnport.verify.target import _as_transferred
    from nnport.weights.transfer import WeightExport, import_weights
    rt = runtime(req["framework"])
    mod = load_file(req["file"], "target")
    args, kwargs = req["init"]
    tol = Tolerance(**req["tolerance"])
    model = rt.build(getattr(mod, req["class"]), list(args), dict(kwargs), req["seed"])
    import_weights(WeightExport.from_tree(req["weights"]), model, example_inputs=req.get("example"))
    try:
        got = [float(v) for v in mod.train(model, rt.from_numpy(req["batches"]), req["count"][1])]
    except Exception as e:  # noqa: BLE001 - the target fails where the source runs
        return {"checks": [Check("train", "error", message=f"target raised {type(e).__name__}: {e}").to_dict()]}
    ref = req["losses"]
    checks = [compare_arrays(f"loss[{k}]", np.float32(a), np.float32(b), step_tolerance(tol, k))
              for k, (a, b) in enumerate(zip(ref, got))]
    if len(got) != len(ref):
        checks.append(Check("losses", "mismatch", message=f"{len(got)} losses, the source returned {len(ref)}"))
    end = step_tolerance(tol, max(len(ref), 1) - 1)
    checks += _as_transferred("final state", rt, model, req["final"], rt.parameters(model), rt.parameters,
                              end, WEIGHT_FLOOR)
    checks += _as_transferred("final state", rt, model, req["final"], rt.buffers(model), rt.buffers, end,
                              WEIGHT_FLOOR)
    for c in checks:   # a weight that matches is equal all the same; one that does not may be noise
        why = req.get("sensitive", {}).get(c.name.split(" ", 2)[-1]) if c.name.startswith("final") else None
        if why is not None and c.status == MISMATCH:
            c.status, c.message = NOT_COMPARABLE, why
    return {"checks": [c.to_dict() for c in checks], "losses": got}


def verify_training(source: str, *, steps: int, to=None, target=None, cls=None, target_cls=None, init=None,
                    atol=0.0, rtol=1e-5, seed=0, source_python=None, target_python=None, timeout=300.0,
                    memory_limit=16.0, isolate=True, source_framework=None, allow_network=False):
    """Train the script `source` and its translation (to=) or an existing one (target=) for `steps`
    optimisation steps each; a VerifyResult whose checks are the per-step losses and final weights."""
    import shutil
    import tempfile
    import time

    from nnport.errors import NnportError
    from nnport.verify import oracle
    from nnport.verify.process import SideError
    from nnport.verify.result import VERIFY_ERROR, VerifyResult, decide
    from nnport.verify.select import SelectionError
    t0 = time.perf_counter()
    tol = Tolerance(atol, rtol)
    res = VerifyResult(VERIFY_ERROR, tol)
    tmp = tempfile.mkdtemp(prefix="nnport-verify-train-")
    try:
        src, tgt, res.notes = oracle.plan(source, to, target, cls, target_cls, tmp, source_framework)
        src.python, tgt.python = source_python, target_python
        res.source = {"file": src.file, "class": src.cls, "framework": src.framework}
        res.target = {"file": tgt.file if target else f"(translated) {tgt.file}", "class": tgt.cls,
                      "framework": tgt.framework}
        import os
        request = {"role": "source", "train_steps": steps, "framework": src.framework,
                   "file": os.path.abspath(src.file), "class": src.cls, "init": oracle._init_args(init),
                   "seed": seed, "tolerance": tol.__dict__}
        oracle.converted_weights(request, src, tgt, res.notes, tmp)   # Keras, Flax -> PyTorch: converted here
        s = oracle._side(src, request, isolate, timeout, memory_limit, allow_network)
        res.source["init"] = f"{s['init']} from {s['init_from']}"
        res.source["inputs"] = f"get_batches() ({len(s['batches'])} items)"
        res.source["losses"] = s["losses"]
        name, count = s["count"]
        res.notes.append(f"trained {steps} steps (train(..., {name}={count})) on both sides from the same weights "
                         f"and batches; loss of step k judged with rtol x (k + 1), final weights with "
                         f"rtol x {max(len(s['losses']), 1)}")
        t = oracle._side(tgt, {"role": "target", "train_steps": steps, "framework": tgt.framework,
                               "file": os.path.abspath(tgt.file), "class": tgt.cls, "init": s["init"],
                               "tolerance": tol.__dict__, "seed": seed, "weights": s["weights"],
                               "batches": s["batches"], "count": s["count"], "losses": s["losses"],
                               "final": s["final"], "sensitive": s["sensitive"],
                               "example": s["example"]}, isolate, timeout,
                              memory_limit, allow_network)
        res.checks = [Check(**{**d, "shape": tuple(d["shape"]) if d["shape"] is not None else None})
                      for d in t["checks"]]
        res.target["losses"] = t.get("losses")
        res.verdict, res.error = decide(res.checks, None)
    except (NnportError, SideError, SelectionError, ValueError, SyntaxError) as e:
        res.verdict, res.error = VERIFY_ERROR, str(e)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    res.seconds = time.perf_counter() - t0
    return res


def loss_errors(res) -> list[float]:
    """|loss difference| per step of a result (for reports and benchmarks)."""
    a, b = res.source.get("losses") or [], res.target.get("losses") or []
    return [abs(x - y) for x, y in zip(a, b)]

