"""Flax NNX corpus (tests/corpus/flax/*.py, written here) -> PyTorch, compared with Flax.

For each model: the file converted with `nnport.convert(code, source="flax", to="torch")` (layer
shapes recorded from one Flax run on get_inputs()), both models built from get_init_inputs()
(Flax: rngs=nnx.Rngs(0); PyTorch: its own random weights), every Flax Param and BatchStat perturbed
by noise of its own scale (initial weights such as running statistics 0 and 1 can hide a wrong
translation; variances kept positive), the Flax variables copied into the PyTorch model
(nnport.transfer_weights), then:
- inference: Flax model.eval() against PyTorch eval(), within TOL x max(1e-3, max|ref|);
- training mode (models whose training forward is not random, see RANDOM_IN_TRAINING): every dropout
  rate set to 0 on both sides, one forward in model.train() on both sides: the outputs, then every
  running statistic (BatchNorm's mean/var, a custom BatchStat) against the PyTorch buffers.

    python tests/corpus/flax_to_torch.py [name ...]     # a table, one model a line
"""
from __future__ import annotations

import sys
import time
import types
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
if str(HERE.parent) not in sys.path:   # run as a script: tests/ holds the corpus package
    sys.path.insert(0, str(HERE.parent))
from corpus.gluon_to_torch import compare, flat  # noqa: E402  (the Gluon corpus' comparison, shared)
FLAX_DIR = HERE / "flax"
TOL = 1e-5
KNOWN_FAILURES: dict[str, str] = {}   # model -> why it is not translated yet (strict xfails in the test)
# the training forward draws random numbers (jax.random from an rngs stream): PyTorch's generator
# cannot give JAX's numbers, so only inference is compared
RANDOM_IN_TRAINING = {"vae": "the reparameterisation noise (jax.random.normal) in training"}


def names() -> list[str]:
    return sorted(p.stem for p in FLAX_DIR.glob("*.py") if not p.stem.startswith("_"))


def load(text: str, filename: str, modname: str) -> types.ModuleType:
    mod = types.ModuleType(modname)
    mod.__file__ = filename
    exec(compile(text, filename, "exec"), mod.__dict__)   # noqa: S102 - our own corpus and its translation
    return mod


def torch_inputs(inputs):
    """The same arrays, same dtypes (JAX's int32 indices stay int32: the translation casts where
    PyTorch needs int64, as `nnport verify` would find)."""
    import torch
    return [torch.from_numpy(np.array(a, copy=True)) for a in inputs]


def perturb(model, seed: int = 3) -> None:
    """Every float Param / BatchStat moved by noise of its own scale (variances kept positive)."""
    import jax.numpy as jnp
    from flax import nnx
    from nnport.frameworks.flax import runtime as rt
    rng = np.random.default_rng(seed)
    for path, v in sorted(rt.variables(model).items()):
        if not isinstance(v, (nnx.Param, nnx.BatchStat)):
            continue
        a = np.asarray(v[...])
        if a.dtype.kind != "f":
            continue
        scale = max(float(a.std()) if a.size > 1 else abs(float(a.reshape(-1)[0])), 0.05)
        new = a + rng.normal(scale=0.5 * scale, size=a.shape)
        if path[-1] == "var" or path[-1] == "temperature":
            new = np.abs(new) + 0.1
        v[...] = jnp.asarray(new.astype(a.dtype))


def no_dropout(fmodel, tmodel) -> None:
    import torch
    from flax import nnx
    for _, m in nnx.iter_modules(fmodel):
        if isinstance(m, nnx.Dropout):
            m.rate = 0.0
    for m in tmodel.modules():
        if isinstance(m, torch.nn.modules.dropout._DropoutNd):
            m.p = 0.0


def build(name: str, text: str | None = None):
    """(corpus module, Flax model, inputs as numpy, conversion); `text`: a model file's code given
    directly (unit tests), else the corpus file `name`."""
    import nnport
    from flax import nnx
    path = FLAX_DIR / f"{name}.py"
    text = path.read_text() if text is None else text
    conv = nnport.convert(text, source="flax", to="torch", filename=str(path))
    module = load(text, str(path), f"flax_corpus_{name}")
    model = module.Model(*module.get_init_inputs(), rngs=nnx.Rngs(0))
    return module, model, [np.asarray(a) for a in module.get_inputs()], conv


def states(fmodel, tmodel, pairs) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(path, Flax BatchStat, PyTorch buffer) of every running statistic, paired as the transfer pairs them."""
    from flax import nnx
    from nnport.frameworks.flax import runtime as rt
    fvars = {}
    for k, v in rt.variables(fmodel).items():   # nnx.Sequential holds its elements under `layers`
        if isinstance(v, nnx.BatchStat):
            fvars[".".join(k)] = fvars[".".join(p for p in k if p != "layers")] = v
    tbufs = dict(tmodel.named_buffers())
    return [(t, np.asarray(fvars[s][...]), tbufs[t].detach().numpy()) for t, s in pairs.items()
            if s in fvars and t in tbufs]


def run(name: str, tol: float = TOL, text: str | None = None) -> dict:
    import jax.numpy as jnp
    import torch
    import nnport

    t0 = time.perf_counter()
    module, fm, inputs, conv = build(name, text)
    errors = [f"{d.line}: {d.message}" for d in conv.diagnostics if d.severity in ("error", "warning")]
    assert not errors, f"{name}: not translated:\n" + "\n".join(errors)
    tmod = load(conv.code, f"<{name} translated>", f"nnport_torch_{name}")
    torch.manual_seed(1)
    tm = tmod.Model(*module.get_init_inputs())
    perturb(fm)
    pairs = nnport.transfer_weights(fm, tm, example_inputs=torch_inputs(inputs))

    def both(train: bool):
        fm.train() if train else fm.eval()
        tm.train(train)
        ref = flat(fm(*[jnp.asarray(a) for a in inputs]))
        with torch.no_grad():
            got = flat(tm(*torch_inputs(inputs)))
        return ref, got

    eval_err = compare(*both(False), tol, f"{name} eval output")
    train_err, n_states = None, 0
    if name not in RANDOM_IN_TRAINING:
        no_dropout(fm, tm)
        train_err = compare(*both(True), tol, f"{name} train output")
        found = states(fm, tm, pairs)
        for path, f, t in found:
            compare([f], [t], tol, f"{name} state {path}", floor=1.0)
        n_states = len(found)
    return {"name": name, "code": conv.code, "eval_err": eval_err, "train_err": train_err, "states": n_states,
            "seconds": time.perf_counter() - t0}


TORCH_HEAD = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\n"


def flax_of_torch(body: str, shape: tuple) -> str:
    """The Flax file `nnport convert --to flax` writes for a PyTorch Model (`body`, no init inputs,
    one input of `shape`): what the Flax reader's read-back tests read."""
    import textwrap
    import nnport
    tail = f"\n\ndef get_init_inputs():\n    return []\n\n\ndef get_inputs():\n    return [torch.randn{shape}]\n"
    return nnport.convert(TORCH_HEAD + textwrap.dedent(body) + tail, to="flax", source="torch").code


def main(argv: list[str]) -> int:
    return table(argv or names(), run)


def table(chosen: list[str], run_one) -> int:
    """The runner's table (every model of `chosen` through `run_one`), a pass count last; 1 if any fails."""
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
    rows, failed = [], 0
    for name in chosen:
        try:
            r = run_one(name)
            train = "-" if r["train_err"] is None else f"{r['train_err']:.1e}"
            rows.append(f"| {name} | pass | {r['eval_err']:.1e} | {train} | {r['states']} | {r['seconds']:.1f} |")
        except Exception as e:  # noqa: BLE001 - the table reports every failure
            failed += 1
            msg = str(e).strip().splitlines()[0][:140] if str(e).strip() else ""
            rows.append(f"| {name} | FAIL | {type(e).__name__}: {msg} | | | |")
    print("| model | result | eval err | train err | running stats | s |\n|---|---|---|---|---:|---:|")
    print("\n".join(rows))
    print(f"\n{len(rows) - failed}/{len(rows)} passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
