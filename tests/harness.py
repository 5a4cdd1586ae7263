"""Run a PyTorch source and its translation side by side on the same weights and inputs.

    check(torch_code, init=(...), inputs=[np arrays], tol=1e-5)

builds `Model` from both (the target: harness.TARGET, "flax" unless a test folder sets it, or `to=`),
transfers the weights with nnport.transfer_weights, runs both in eval mode
(and optionally one training-mode forward, comparing batch-norm running statistics afterwards) and
asserts max|torch - target| <= tol * max(1e-3, max|torch|) for every output.
"""
from __future__ import annotations

import itertools
import textwrap
import types

import numpy as np

import entry_check
import nnport

_count = itertools.count()


def load(code: str, name: str | None = None) -> types.ModuleType:
    name = name or f"nnport_case_{next(_count)}"
    mod = types.ModuleType(name)
    mod.__file__ = f"<{name}>"
    entry_check.executed(code)   # credits the table entries whose translation this is
    exec(compile(code, mod.__file__, "exec"), mod.__dict__)
    return mod


def _to_torch(a):
    """A copy: an in-place op in the torch model must not change the input the other side sees."""
    import torch
    return torch.from_numpy(np.array(a, copy=True))


def _flat(out) -> list[np.ndarray]:
    if isinstance(out, (tuple, list)):
        return [x for o in out for x in _flat(o)]
    if out is None:
        return []
    if hasattr(out, "detach"):
        return [out.detach().cpu().numpy()]
    return [np.asarray(out)]


def _scalar_as_one(a, b) -> bool:
    """Gluon 1.x has no 0-d arrays (MXNet's legacy shape () means unknown): a full reduction is (1,)."""
    return TARGET == "mxnet" and a.shape == () and tuple(np.shape(b)) == (1,)


def compare(ref, got, tol: float, what: str = "output", floor: float = 1e-3) -> float:
    """max|ref - got| <= tol * max(floor, max|ref|) for every array (integers and bools exactly)."""
    ref, got = _flat(ref), _flat(got)
    assert len(ref) == len(got), f"{what}: {len(ref)} source arrays vs {len(got)} translated"
    worst = 0.0
    for i, (a, b) in enumerate(zip(ref, got)):
        assert a.shape == tuple(b.shape) or _scalar_as_one(a, b), f"{what}[{i}]: shape {a.shape} vs {tuple(b.shape)}"
        if a.dtype == bool or np.issubdtype(a.dtype, np.integer):
            assert np.array_equal(a, np.asarray(b)), f"{what}[{i}]: integer/bool values differ"
            continue
        scale = max(floor, float(np.max(np.abs(a)))) if a.size else 1.0
        err = float(np.max(np.abs(a - np.asarray(b, dtype=a.dtype)))) if a.size else 0.0
        assert err <= tol * scale, f"{what}[{i}]: max abs error {err:.3g} > {tol:g} x scale {scale:.3g}"
        worst = max(worst, err / scale)
    return worst


TARGET = "flax"   # the target of check/build/translate when no `to=` is given (set per test folder)


def target(to: str | None = None) -> str:
    return to or TARGET


def runtime(to: str | None = None):
    """The target framework's runtime (nnport/frameworks/<target>/runtime.py): build, run, read."""
    import importlib
    return importlib.import_module(f"nnport.frameworks.{target(to)}.runtime")


def translate(torch_code: str, allow_issues: bool = False, to: str | None = None):
    conv = nnport.convert(torch_code, to=target(to), source="torch")
    if not allow_issues:
        assert not conv.issues, "translation left issues:\n" + "\n".join(d.format() for d in conv.issues) \
            + "\n----\n" + conv.code
    return conv


def build(torch_code: str, init=(), cls: str = "Model", allow_issues: bool = False, seed: int = 0,
          inputs=None, to: str | None = None):
    """Both models, the target's weights copied from the torch one's (a Keras model is built on
    `inputs` first)."""
    import torch
    conv = translate(torch_code, allow_issues, to)
    tmod, fmod = load(torch_code), load(conv.code)
    torch.manual_seed(seed)
    tm = getattr(tmod, cls)(*init)
    fm = runtime(to).build(getattr(fmod, cls), list(init), {}, seed)
    nnport.transfer_weights(tm, fm, example_inputs=None if inputs is None else [np.array(a, copy=True) for a in inputs])
    return tm, fm, conv


def run(model, inputs, train: bool, to: str | None = None):
    """The target model's outputs (numpy) on numpy inputs, in training or inference mode."""
    return runtime(to).run(model, [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in inputs],
                           train=train, seed=0)


def forward(model, inputs, train: bool, to: str | None = None):
    """One more call of the target model (numpy in and out), the random state left as it is (run
    reseeds a Keras model: two runs draw the same numbers)."""
    return runtime(to).call(model, [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in inputs],
                            {}, train=train)


def check(torch_code: str, init=(), inputs=(), tol: float = 1e-5, cls: str = "Model", train: bool = False,
          allow_issues: bool = False, to: str | None = None) -> float:
    """Eval-mode (and optional train-mode) equivalence of a torch model and its translation; for the
    default target (Flax) also its round trip to PyTorch through the pivot (round_trip.py)."""
    worst = check_target(torch_code, init, inputs, tol, cls, train, allow_issues, to)
    if target(to) == "flax":
        import round_trip
        worst = max(worst, round_trip.check(torch_code, init, inputs, tol, cls, train, allow_issues))
    return worst


def check_target(torch_code: str, init=(), inputs=(), tol: float = 1e-5, cls: str = "Model",
                 train: bool = False, allow_issues: bool = False, to: str | None = None) -> float:
    """Eval-mode (and optional train-mode) equivalence of a torch model and its translation."""
    import torch
    tm, fm, conv = build(torch_code, init, cls, allow_issues, inputs=inputs, to=to)
    tm.eval()
    with torch.no_grad():
        ref = tm(*[_to_torch(a) for a in inputs])
    worst = compare(ref, run(fm, inputs, False, to), tol, "eval output")
    hybridize = getattr(runtime(to), "hybridize", None)
    if hybridize is not None and hybridize(fm):   # Gluon: the same numbers from the cached graph
        worst = max(worst, compare(ref, run(fm, inputs, False, to), tol, "hybridized eval output"))
    if train:
        tm.train()
        with torch.no_grad():
            ref = tm(*[_to_torch(a) for a in inputs])
        worst = max(worst, compare(ref, run(fm, inputs, True, to), tol, "train output"))
        compare_state(tm, fm, tol, to)
    return worst


def compare_state(tm, fm, tol: float, to: str | None = None) -> None:
    """Buffers (running statistics) of the torch model vs the translated model after a forward."""
    from nnport.frameworks.torch import runtime as trt
    from nnport.weights.transfer import _entry_for
    from nnport import frameworks
    frt = runtime(to)
    src, dst = frameworks.get("torch"), frameworks.get(target(to))
    for path, mod, _ in trt.modules(tm):
        buffers = {k: v.detach().numpy() for k, v in mod.named_buffers(recurse=False)
                   if v is not None and k != "num_batches_tracked"}
        if not buffers:
            continue
        dmod = frt.find(fm, path)
        if dmod is None:   # a named child of a Sequential (add_module) is found by position
            dmod = frt.find(fm, trt.positional(tm, path))
        s_entry, d_entry = _entry_for(mod, src.layers, trt), _entry_for(dmod, dst.layers, frt)
        for name, value in buffers.items():
            if s_entry is None:
                got = frt.get_array(dmod, name)
            else:
                canon = s_entry.weights[name].name
                dname = next(k for k, w in d_entry.weights.items() if w.name == canon)
                got = frt.get_array(dmod, dname)
            # running statistics average O(1) activations: judge them on that scale, not their own
            compare(value, got, tol, f"state {'.'.join(path)}.{name}", floor=1.0)


def layer_case(ctor: str, params: str = "x", *, prelude: str = "") -> str:
    """Source of a Model holding one layer built by `ctor` and applying it to its inputs."""
    return textwrap.dedent(f"""\
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
        {prelude}

        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.layer = {ctor}

            def forward(self, {params}):
                return self.layer({params})
        """)


def expr_case(expr: str, params: str = "x", *, init: str = "pass") -> str:
    """Source of a Model whose forward returns `expr` of its inputs `params`."""
    return body_case(f"return {expr}", params, init=init)


def body_case(body: str, params: str = "x", *, init: str = "pass") -> str:
    """Source of a Model whose forward runs the statements `body` (lines) on its inputs `params`."""
    lines = "\n".join(" " * 8 + line for line in body.splitlines())
    return textwrap.dedent(f"""\
        import math
        import torch
        import torch.nn as nn
        import torch.nn.functional as F

        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                {init}

            def forward(self, {params}):
        """) + lines + "\n"


def table_forms(name: str) -> list[str]:
    """Which of torch.<name>, Tensor.<name> and Tensor.<name>_ the torch function table has."""
    from nnport import frameworks
    table = frameworks.get("torch").functions
    return [api for api in (f"torch.{name}", f"Tensor.{name}", f"Tensor.{name}_") if api in table]


def forms_case(name: str, args: str = "", params: str = "x", receiver: str = "x") -> str:
    """A Model returning each form of `name` in the torch table, in order: torch.<name>(receiver, args),
    receiver.<name>(args), and a clone of receiver after `clone.<name>_(args)` (the in-place effect)."""
    a = f", {args}" if args else ""
    lines, outs = [], []
    for api in table_forms(name):
        if api.startswith("torch."):
            lines.append(f"by_function = torch.{name}({receiver}{a})")
        elif api.endswith("_"):
            lines += [f"in_place = {receiver}.clone()", f"in_place.{name}_({args})"]
        else:
            lines.append(f"by_method = {receiver}.{name}({args})")
        outs.append(lines[-1].split(" = ")[0].split(".")[0])
    assert outs, f"the torch table has no form of {name!r}"
    return body_case("\n".join(lines + [f"return {', '.join(outs)}"]), params)


def randn(*shape, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed + len(shape)).standard_normal(shape).astype(np.float32)


def randint(low: int, high: int, *shape, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(low, high, shape).astype(np.int64)


def ks(a: np.ndarray, b: np.ndarray) -> float:
    a, b = np.sort(a.ravel()), np.sort(b.ravel())
    grid = np.concatenate([a, b])
    return float(np.max(np.abs(np.searchsorted(a, grid, "right") / a.size -
                               np.searchsorted(b, grid, "right") / b.size)))


def same_distribution(ref: np.ndarray, got: np.ndarray, what: str) -> None:
    assert ref.shape == got.shape, what
    if np.all(ref == ref.ravel()[0]):
        np.testing.assert_array_equal(got, ref, err_msg=what)
        return
    assert not np.all(got == got.ravel()[0]), f"{what}: constant, PyTorch's is random"
    d = ks(ref, got)
    assert d < 0.02, f"{what}: KS distance {d:.4f} (std {ref.std():.4g} vs {got.std():.4g})"
    assert abs(got.std() / ref.std() - 1) < 0.03, f"{what}: std {ref.std():.4g} vs {got.std():.4g}"
