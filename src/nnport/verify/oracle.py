"""nnport.verify(...): the execution oracle. The source model is the truth; the target (translated
on the fly, or given) must compute the same thing on the same weights and inputs.

Plans the run here (files, classes, frameworks, arguments: no framework imported), then runs the
source side and the target side, each in its own child process by default (see process.py).
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass

from nnport.errors import NnportError
from nnport.verify import specs
from nnport.verify.compare import Check, Tolerance
from nnport.verify.locate import locate
from nnport.verify.process import SideError, run_in_process, run_side
from nnport.verify.result import VERIFY_ERROR, VerifyResult, decide
from nnport.verify.select import SelectionError, select_class, split_target


@dataclass
class Side:
    file: str
    cls: str
    framework: str
    code: str
    python: str | None = None


def _read(path: str) -> str:
    from nnport.io import read_source
    try:
        return read_source(path)
    except (OSError, UnicodeDecodeError) as e:
        raise NnportError(f"cannot read {path}: {getattr(e, 'strerror', None) or e}") from None


def _framework(code: str, path: str) -> str:
    from nnport.translate.engine import detect_source, parse
    name = detect_source(parse(code, path))
    if name is None:
        raise NnportError(f"{path}: cannot tell its framework from its imports")
    return name


def _init_args(init):
    if init is None:
        return None
    if isinstance(init, str):
        return specs.parse_init(init)
    if isinstance(init, dict):
        return [], dict(init)
    return list(init), {}


def _input_fields(inputs) -> dict:
    if inputs is None:
        return {}
    if isinstance(inputs, str):
        specs.parse_inputs(inputs)          # errors now, before any process starts
        return {"inputs": inputs}
    if all(isinstance(i, (specs.TensorSpec, tuple)) for i in inputs):
        return {"inputs": specs.format_inputs(list(inputs))}
    return {"input_arrays": list(inputs)}


def plan(source, to, target, cls, target_cls, tmp, framework=None) -> tuple[Side, Side, list[str]]:
    """`framework`: the source's (default: detected from its imports)."""
    from nnport import frameworks
    path, name = split_target(source)
    code = _read(path)
    framework = frameworks.canonical_name(framework) if framework else _framework(code, path)
    src = Side(path, select_class(code, cls or name, path), framework, code)
    notes = []
    if (to is None) == (target is None):
        raise NnportError("give exactly one of to= (translate on the fly) or target= (a translated file)")
    if to is not None:
        import nnport
        conv = nnport.convert(code, to=frameworks.canonical_name(to), source=src.framework, filename=path)
        out = os.path.join(tmp, os.path.basename(path)[:-3] + f"_{frameworks.canonical_name(to)}.py")
        with open(out, "w", encoding="utf-8") as f:
            f.write(conv.code)
        notes.append(f"target translated on the fly ({len(conv.issues)} translation issues)")
        tgt = Side(out, src.cls, frameworks.canonical_name(to), conv.code)
    else:
        tpath, tname = split_target(target)
        tcode = _read(tpath)
        tgt = Side(tpath, select_class(tcode, target_cls or tname or src.cls, tpath), _framework(tcode, tpath), tcode)
    return src, tgt, notes


def source_request(src: Side, *, init=None, inputs=None, train=False, trials=1, seed=0,
                   localize=True) -> dict:
    return {"role": "source", "framework": src.framework, "file": os.path.abspath(src.file),
            "class": src.cls, "init": _init_args(init), "seeds": [seed + i for i in range(trials)],
            "train": train, "record": localize, **_input_fields(inputs)}


def converted_weights(request: dict, src: Side, tgt: Side, notes: list[str], tmp: str) -> None:
    """A source whose reading is complete into its hub only (`HUB` in its source skeleton: Keras,
    Gluon; none has a framework-neutral export) converts its weights on the source side, into the
    target model when the target is the hub, else into the translation to the hub (the target
    reached through it imports that model's weights, as the translation went through it)."""
    from nnport import frameworks
    from nnport.translate import hub
    from nnport.weights.transfer import source_transfers
    into = hub.hub(frameworks.source(src.framework))
    if into is None and tgt.framework in source_transfers(src.framework):
        into = tgt.framework   # a source with a transfer of its own to this target (Flax -> PyTorch)
    if into is None:
        return
    path, cls = os.path.abspath(tgt.file), tgt.cls
    if tgt.framework != into:
        import nnport
        conv = nnport.convert(src.code, to=into, source=src.framework, filename=src.file)
        path = os.path.join(tmp, os.path.basename(src.file)[:-3] + f"_{into}_weights.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(conv.code)
        cls = src.cls
    request["weights_for"] = {"framework": into, "file": path, "class": cls}
    through = "" if tgt.framework == into else f" (the hub through which {tgt.framework} is reached)"
    notes.append(f"{src.framework} weights are converted to {into}{through} on the source side (it imports "
                 f"{into} too), and so are the gradients (compared where the conversion copies one array); "
                 "layers are localised by their attribute (or layer) names")


def target_request(tgt: Side, s: dict, tol: Tolerance, localize=True) -> dict:
    return {"role": "target", "framework": tgt.framework, "file": os.path.abspath(tgt.file),
            "class": tgt.cls, "init": s["init"], "tolerance": tol.__dict__, "trials": s["trials"],
            "localize": localize}


def conclude(res: VerifyResult, src: Side, tgt: Side, s: dict, t: dict) -> VerifyResult:
    """Fill the result from both sides' responses: checks, layers, verdict, location."""
    res.checks = [Check(**{**d, "shape": tuple(d["shape"]) if d["shape"] is not None else None})
                  for d in t["checks"]]
    res.layers = t["layers"]
    res.verdict, res.error = decide(res.checks, None)
    res.location = locate(res, s["modules"], src.code, tgt.code)
    return res


def verify(source: str, *, to: str | None = None, target: str | None = None, cls: str | None = None,
           target_cls: str | None = None, init=None, inputs=None, train: bool = False, trials: int = 1,
           atol: float = 0.0, rtol: float = 1e-5, seed: int = 0, source_python: str | None = None,
           target_python: str | None = None, timeout: float = 300.0, memory_limit: float | None = 16.0,
           isolate: bool = True, localize: bool = True, train_steps: int = 0,
           source_framework: str | None = None, allow_network: bool = False, weights: str | None = None,
           unsafe_pickle: bool = False) -> VerifyResult:
    """Verify that the model class in file `source` ("path.py" or "path.py:Class") and its
    translation compute the same thing. Returns a VerifyResult (.verdict, .exit_code, .checks...).
    `train_steps`: train the file's `train()` that many steps on both sides instead (verify/training.py).
    `source_framework`: the source's framework (default: detected from its imports).
    `allow_network`: let the sides' child processes use the network (blocked by default, confine.py).
    `weights`: a checkpoint loaded into the source model on the source side (weights/restore.py);
    `unsafe_pickle`: allow full pickle for it (runs code the file names)."""
    if train_steps and weights:
        res = VerifyResult(VERIFY_ERROR, Tolerance(atol, rtol), trials=trials)
        res.error = "--weights does not apply to --train-steps (yet)"
        return res
    if train_steps:
        from nnport.verify.training import verify_training
        return verify_training(source, steps=train_steps, to=to, target=target, cls=cls, target_cls=target_cls,
                               init=init, atol=atol, rtol=rtol, seed=seed, source_python=source_python,
                               target_python=target_python, timeout=timeout, memory_limit=memory_limit,
                               isolate=isolate, source_framework=source_framework, allow_network=allow_network)
    t0 = time.perf_counter()
    tol = Tolerance(atol, rtol)
    res = VerifyResult(VERIFY_ERROR, tol, trials=trials)
    tmp = tempfile.mkdtemp(prefix="nnport-verify-")
    try:
        src, tgt, res.notes = plan(source, to, target, cls, target_cls, tmp, source_framework)
        src.python, tgt.python = source_python, target_python
        res.source = {"file": src.file, "class": src.cls, "framework": src.framework}
        res.target = {"file": tgt.file if target else f"(translated) {tgt.file}", "class": tgt.cls,
                      "framework": tgt.framework}
        request = source_request(src, init=init, inputs=inputs, train=train, trials=trials, seed=seed,
                                 localize=localize)
        converted_weights(request, src, tgt, res.notes, tmp)
        if weights:
            checkpoint(request, src, weights, unsafe_pickle, res.notes)
        s = _side(src, request, isolate, timeout, memory_limit, allow_network)
        describe(res, s)
        t = _side(tgt, target_request(tgt, s, tol, localize), isolate, timeout, memory_limit, allow_network)
        conclude(res, src, tgt, s, t)
    except (NnportError, SideError, SelectionError, specs.SpecError, SyntaxError) as e:
        res.verdict, res.error = VERIFY_ERROR, str(e)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    res.seconds = time.perf_counter() - t0
    return res


def checkpoint(request: dict, src: Side, path: str, unsafe: bool, notes: list[str]) -> None:
    """Ask the source side to load `path` into the source model (refused here, before any process
    starts, for a source framework it cannot load into or a file that is not there)."""
    from nnport.weights.restore import unsupported
    why = unsupported(src.framework, path)
    if why or not os.path.isfile(path):
        raise NnportError(why or f"--weights {path}: no such file")
    request["checkpoint"] = {"path": os.path.abspath(path), "unsafe": bool(unsafe)}
    notes.append(f"source weights loaded from {path}" + (" (full pickle allowed: --unsafe-pickle)" if unsafe else ""))


def _side(side: Side, request: dict, isolate: bool, timeout: float, memory_limit, allow_network=False) -> dict:
    if not isolate and side.python is None:
        return run_in_process(request["role"], request)
    return run_side(request["role"], request, python=side.python, timeout=timeout, memory_gib=memory_limit,
                    allow_network=allow_network)


def describe(res: VerifyResult, s: dict) -> None:
    args, kwargs = s["init"]
    shown = ", ".join([repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()])
    res.source["init"] = f"({shown}) from {s['init_from']}"
    first = s["trials"][0]
    res.source["inputs"] = f"{specs.describe(first['inputs'])} from {first['inputs_from']}"
    if "assumed" in first["inputs_from"]:
        res.notes.append(first["inputs_from"])
    for mode in ("eval", "train"):
        noisy = sorted({p or "<output>" for t in s["trials"] for p in t.get(mode, {}).get("stochastic", [])})
        if noisy:
            res.notes.append(f"{mode} outputs {', '.join(noisy)} change with the random seed: not comparable")
