"""One side of a verification, in its own process: `python -m nnport.verify.side JOB_DIR`.

Reads JOB_DIR/request.{json,npz}, writes JOB_DIR/response.{json,npz}. Imports only the runtime of
the framework it was asked for (frameworks/<fw>/runtime.py), so the source side runs in an
interpreter that has only the source framework and the target side in one with only the target.

source: builds the model (seeded), makes the inputs, runs eval (and with train a training-mode
forward, its state afterwards and the gradients of a projected loss), runs each mode again with
another seed to find outputs, state and gradients that depend on random numbers, records every
layer call, and exports the weights. target: imports those weights and compares (see target.py).
A Keras source (no framework-neutral export) sends its weights, state and gradients converted:
copied into the target model here (`weights_for`, the weight conversion nnport.transfer_weights
uses), then exported; gradients the conversion does not simply copy are listed as not comparable.
"""
from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import traceback

import numpy as np

from nnport.verify import specs as _specs
from nnport.verify.compare import changed_leaves
from nnport.verify.tree import is_array, leaves
from nnport.weights.transfer import export_weights, transfer_weights

OTHER_SEED = 7919        # offset of the second run that detects randomness
MAX_RECORD_BYTES = 256 << 20


def runtime(framework: str):
    return importlib.import_module(f"nnport.frameworks.{framework}.runtime")


def load_file(path: str, role: str):
    """Import a model file as a fresh module (its folder on sys.path for its own imports)."""
    stem = os.path.splitext(os.path.basename(path))[0]
    name = f"nnport_verify_{role}_{''.join(c if c.isalnum() else '_' for c in stem)}"
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    folder = os.path.dirname(os.path.abspath(path))
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec.loader.exec_module(mod)
    return mod


def _init(req, mod):
    if req.get("init") is not None:
        args, kwargs = req["init"]
        return list(args), dict(kwargs), "given"
    if hasattr(mod, "get_init_inputs"):
        return list(mod.get_init_inputs()), {}, "get_init_inputs()"
    return [], {}, "defaults"


def _inputs(req, mod, rt, export, seed: int):
    if req.get("input_arrays") is not None:
        return list(req["input_arrays"]), "given"
    rng = np.random.default_rng(seed)
    if req.get("inputs"):
        return _specs.make_inputs(_specs.parse_inputs(req["inputs"]), rng), f"--inputs {req['inputs']}"
    if hasattr(mod, "get_inputs"):
        rt.set_seed(seed)
        return rt.to_numpy(list(mod.get_inputs())), "get_inputs()"
    from nnport.verify.infer import infer_inputs
    found = infer_inputs(export)
    if found is None:
        raise ValueError("no inputs: give --inputs (e.g. float32[2,3,32,32]); the file has no "
                         "get_inputs() and no first layer to infer them from")
    spec, note = found
    return _specs.make_inputs(spec, rng), note


def _projections(out, skip: set, seed: int) -> dict:
    """A fixed random projection per deterministic float output: loss = sum(out * P)."""
    rng = np.random.default_rng(seed + 1)
    return {p: rng.standard_normal(np.shape(a)).astype(np.float32) for p, a in leaves(out)
            if p not in skip and is_array(a) and np.asarray(a).dtype.kind == "f"}


def _exporter(req, args, kwargs):
    """model, inputs -> the weights to send. A source framework without a neutral export (Keras)
    sends them converted: copied into the target model on this side (`weights_for`), then exported."""
    into = req.get("weights_for")
    if not into:
        return lambda model, inputs: export_weights(model)
    trt = runtime(into["framework"])
    tcls = getattr(load_file(into["file"], "weights"), into["class"])

    def convert(model, inputs):
        target = trt.build(tcls, list(args), dict(kwargs), 0)
        transfer_weights(model, target, example_inputs=inputs)
        return target

    def export(model, inputs):
        return export_weights(convert(model, inputs))
    export.convert, export.runtime = convert, trt
    return export


def _mode(rt, model, inputs, seed: int, req, export, *, train: bool) -> dict:
    m = rt.copy(model) if train else model
    out = rt.run(m, inputs, train=train, seed=seed)
    m2 = rt.copy(model) if train else model
    again = rt.run(m2, inputs, train=train, seed=seed + OTHER_SEED)
    res = {"output": out, "stochastic": sorted(changed_leaves(out, again)), "records": []}
    if req.get("record"):
        res["records"] = rt.record(rt.copy(model) if train else model, inputs, train=train, seed=seed,
                                   max_bytes=req.get("max_record_bytes", MAX_RECORD_BYTES))
    if train:
        res["state"] = export(m, inputs).to_tree()
        res["state_skip"] = random_arrays(res["state"], export(m2, inputs).to_tree())   # batch statistics
        res["projections"] = _projections(out, set(res["stochastic"]), seed)
        res["grads"] = None
        if res["projections"]:
            in_grads, holder = rt.gradients(rt.copy(model), inputs, res["projections"], train=True, seed=seed)
            res["input_grads"], res["grads"] = in_grads, export(holder, inputs).to_tree()
            _, other = rt.gradients(rt.copy(model), inputs, res["projections"], train=True, seed=seed + OTHER_SEED)
            res["grads_skip"] = random_arrays(res["grads"], export(other, inputs).to_tree())
            if req.get("weights_for"):   # gradients converted as weights are: where that is a copy
                res["grads_skip"].update(not_copies(rt, model, inputs, export))
    return res


def random_arrays(a: dict, b: dict) -> dict[str, str]:
    """Arrays of two exports (runs under two seeds) that differ -> {"module.name": why}: state and
    gradients that depend on random numbers (batch statistics after a dropout; gradients through
    one into a layer whose output does not change, a zero-initialised head) are not comparable,
    as such outputs are not."""
    other = {tuple(m["path"]): m["arrays"] for m in b["modules"]}
    out = {}
    for m in a["modules"]:
        for name, x in m["arrays"].items():
            y = other.get(tuple(m["path"]), {}).get(name)
            if y is None or not np.array_equal(np.asarray(x), np.asarray(y), equal_nan=True):
                out[".".join([*m["path"], name])] = "depends on random numbers (changes with the seed)"
    return out


def not_copies(rt, model, inputs, export) -> dict[str, str]:
    """Converted gradients are the target's where the weight conversion copies (permutes,
    transposes) one source array; where it splits or fills one (a Keras LSTM bias -> PyTorch's
    bias_ih + a zero bias_hh) they are not. Found by converting a copy whose float variables are
    all 1: a target parameter not all 1 -> {its "module.name": why}."""
    ones = rt.copy(model)
    for v in rt.variables(ones).values():
        if np.dtype(v.dtype).kind == "f":
            v.assign(np.ones(v.shape, v.dtype))
    return {".".join(path): "not a copy of one source weight (the conversion splits or fills it)"
            for path, a in export.runtime.parameters(export.convert(ones, inputs)).items() if not np.all(a == 1)}


def _modules(rt, model, mod) -> dict:
    if not hasattr(rt, "modules"):
        return {}
    return {".".join(path): [type(m).__name__, type(m).__module__ == mod.__name__]
            for path, m, *_ in rt.modules(model)}   # (path, module[, arrays])


def source_job(req) -> dict:
    rt = runtime(req["framework"])
    mod = load_file(req["file"], "source")
    cls = getattr(mod, req["class"])
    args, kwargs, init_from = _init(req, mod)
    trials, model = [], None
    export = _exporter(req, args, kwargs)
    for seed in req["seeds"]:
        model = rt.build(cls, args, kwargs, seed)
        if req.get("weights_for"):   # weights exist once the model has run on the inputs
            inputs, how = _inputs(req, mod, rt, None, seed)
            rt.run(model, inputs, train=False, seed=seed)
            _restore(req, model)
            weights = export(model, inputs)
        else:
            _restore(req, model)
            weights = export(model, None)
            inputs, how = _inputs(req, mod, rt, weights, seed)
        t = {"seed": seed, "inputs": inputs, "inputs_from": how, "weights": weights.to_tree(),
             "eval": _mode(rt, model, inputs, seed, req, export, train=False)}
        if req.get("train"):
            t["train"] = _mode(rt, model, inputs, seed, req, export, train=True)
        trials.append(t)
    return {"init": (args, kwargs), "init_from": init_from, "trials": trials,
            "modules": _modules(rt, model, mod)}


def _restore(req, model) -> None:
    """The user's weights instead of the seeded ones (--weights; weights/restore.py)."""
    if req.get("checkpoint"):
        from nnport.weights.restore import load_into
        load_into(req["framework"], model, req["checkpoint"]["path"], req["checkpoint"]["unsafe"])


def handle(req) -> dict:
    if req.get("train_steps"):   # a training script trained on both sides (verify/training.py)
        from nnport.verify import training
        return training.source_job(req) if req["role"] == "source" else training.target_job(req)
    if req["role"] == "source":
        return source_job(req)
    from nnport.verify.target import target_job
    return target_job(req)


MEMORY_WORDS = ("can't allocate memory", "cannot allocate memory", "out of memory", "resource_exhausted",
                "bad_alloc", "failed to allocate")


def failure(e: BaseException) -> dict:
    text = f"{type(e).__name__}: {e}"
    from nnport.verify import confine
    if confine.note():
        text = f"{confine.note()}\n{text}"
    memory = isinstance(e, MemoryError) or any(w in text.lower() for w in MEMORY_WORDS)
    return {"error": text.strip(), "kind": "memory" if memory else "exception",
            "traceback": traceback.format_exc()}


def main(argv: list[str]) -> int:
    from nnport.verify import tree
    job = argv[1]
    try:
        resp = handle(tree.load(os.path.join(job, "request")))
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which decides
        resp = failure(e)
    try:
        tree.save(os.path.join(job, "response"), resp)
    except MemoryError as e:
        tree.save(os.path.join(job, "response"), failure(e))
    return 1 if "error" in resp else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
