"""Gluon corpus (tests/corpus/gluon/*.py, written here) -> PyTorch, compared with Gluon.

For each model: the file converted with `nnport.convert(code, source="mxnet", to="torch")` (layer
sizes recorded from one Gluon run on get_inputs()), both models built from get_init_inputs() (Gluon:
initialize() with a fixed seed; PyTorch: its own random weights), the Gluon parameters copied into
the PyTorch model (nnport.transfer_weights), then:
- inference: Gluon outside autograd.record (predict mode) against PyTorch eval(), within
  TOL x max(1e-3, max|ref|), with every Gluon parameter perturbed by noise of its own scale first
  (`perturb`: initial weights, such as running statistics 0 and 1, can hide a wrong translation),
  and again after hybridize() where the Gluon model is a HybridBlock;
- training mode: every dropout rate set to 0 on both sides, one Gluon forward under
  autograd.record(train_mode=True) with a backward (runtime.call: that is when Gluon updates the
  running statistics) against PyTorch train(): the outputs, then each BatchNorm's running_mean /
  running_var against the PyTorch buffers.

    python tests/corpus/gluon_to_torch.py [name ...]     # a table, one model a line
"""
from __future__ import annotations

import sys
import time
import types
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
GLUON_DIR = HERE / "gluon"
TOL = 1e-5
KNOWN_FAILURES: dict[str, str] = {}   # model -> why it is not translated yet (strict xfails in the test)


def names() -> list[str]:
    return sorted(p.stem for p in GLUON_DIR.glob("*.py") if not p.stem.startswith("_"))


def load(path: Path, modname: str) -> types.ModuleType:
    mod = types.ModuleType(modname)
    mod.__file__ = str(path)
    exec(compile(path.read_text(), str(path), "exec"), mod.__dict__)   # noqa: S102 - our own corpus
    return mod


def load_code(text: str, name: str) -> types.ModuleType:
    mod = types.ModuleType(f"nnport_torch_{name}")
    exec(compile(text, f"<{name} translated>", "exec"), mod.__dict__)   # noqa: S102 - our own output
    return mod


def flat(tree) -> list[np.ndarray]:
    if isinstance(tree, dict):
        return [a for k in sorted(tree) for a in flat(tree[k])]
    if isinstance(tree, (list, tuple)):
        return [a for v in tree for a in flat(v)]
    if hasattr(tree, "asnumpy"):
        return [tree.asnumpy()]
    if hasattr(tree, "detach"):
        return [tree.detach().numpy()]
    return [np.asarray(tree)]


def compare(ref, got, tol, what, floor=1e-3) -> float:
    assert len(ref) == len(got), f"{what}: {len(ref)} outputs against {len(got)}"
    worst = 0.0
    for i, (a, b) in enumerate(zip(ref, got)):
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
        assert a.shape == b.shape, f"{what}[{i}]: shape {a.shape} against {b.shape}"
        err = float(np.max(np.abs(a - b))) if a.size else 0.0
        scale = max(floor, float(np.max(np.abs(a))) if a.size else 0.0)
        assert err <= tol * scale, f"{what}[{i}]: max error {err:.3g} > {tol} x {scale:.3g}"
        worst = max(worst, err / scale)
    return worst


def torch_inputs(inputs):
    import torch
    out = []
    for a in inputs:
        a = np.array(a, copy=True)
        out.append(torch.from_numpy(a.astype(np.int64) if a.dtype.kind in "iu" else a))
    return out


def perturb(model, seed: int = 3) -> None:
    """Every float parameter (and running statistic) moved by noise of its own scale (variances kept
    positive); fixed gamma/beta stay. Done before
    the model's first forward where it can be: in MXNet 1.9.1 (MKL-DNN) set_data into a Conv3D weight
    that a forward has reordered is lost, and the next asnumpy of it fails."""
    from mxnet import nd
    rng = np.random.default_rng(seed)
    for name, p in sorted(model.collect_params().items()):
        if p.grad_req == "null" and not name.endswith(("running_mean", "running_var")):
            continue   # a fixed gamma/beta (scale=False, center=False): constant by design
        a = p.data().asnumpy()
        scale = max(float(a.std()), 0.05)
        new = a + rng.normal(scale=0.5 * scale, size=a.shape)
        if name.endswith("running_var"):
            new = np.abs(new) + 0.1
        p.set_data(nd.array(new.astype(a.dtype)))


def no_dropout(gmodel, tmodel) -> None:
    import torch
    from mxnet.gluon import nn, rnn
    from nnport.frameworks.mxnet import runtime as rt
    for _, b in rt.modules(gmodel):
        if isinstance(b, nn.Dropout):
            b._rate = 0.0
        if isinstance(b, rnn.rnn_layer._RNNLayer):
            b._dropout = 0.0
        if hasattr(b, "drop_rate"):
            b.drop_rate = 0.0   # a corpus block's own F.Dropout(p=self.drop_rate)
    for m in tmodel.modules():
        if isinstance(m, torch.nn.modules.dropout._DropoutNd):
            m.p = 0.0
        if isinstance(m, torch.nn.RNNBase):
            m.dropout = 0.0
        if hasattr(m, "drop_rate"):
            m.drop_rate = 0.0


def build(name: str):
    """(corpus module, Gluon model initialised, inputs as numpy, conversion)."""
    path = GLUON_DIR / f"{name}.py"
    return build_code(path.read_text(), name, str(path))


def build_code(code: str, name: str, filename: str | None = None):
    """build() of a model given as text (`filename`: where it is said to come from)."""
    import mxnet as mx
    import nnport
    filename = filename or f"<gluon {name}>"
    conv = nnport.convert(code, source="mxnet", to="torch", filename=filename)
    module = types.ModuleType(f"gluon_code_{name}")
    module.__file__ = filename
    exec(compile(code, filename, "exec"), module.__dict__)   # noqa: S102 - a test's own model
    mx.random.seed(0)
    np.random.seed(0)
    model = module.Model(*module.get_init_inputs())
    model.initialize(mx.init.Xavier())
    return module, model, [np.asarray(a) for a in module.get_inputs()], conv


def bn_states(gmodel, tmodel) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(path, Gluon running statistic, PyTorch buffer) of every batch norm, paired as the transfer pairs them."""
    from nnport.frameworks.mxnet import runtime as rt
    out = []
    gvars = {".".join(k): p for k, p in rt.variables(gmodel).items()}
    tbufs = dict(tmodel.named_buffers())
    for tpath, gpath in PAIRS.get(id(tmodel), {}).items():
        leaf = gpath.rsplit(".", 1)[-1]
        if leaf in ("running_mean", "running_var") and tpath in tbufs:
            out.append((tpath, gvars[gpath].data().asnumpy(), tbufs[tpath].detach().numpy()))
    return out


PAIRS: dict[int, dict[str, str]] = {}


def run(name: str, tol: float = TOL) -> dict:
    return run_built(name, *build(name), tol=tol)


def run_code(code: str, name: str, tol: float = TOL) -> dict:
    """run() of a model given as text (a test's own)."""
    return run_built(name, *build_code(code, name), tol=tol)


def run_built(name: str, module, gm, inputs, conv, tol: float = TOL) -> dict:
    import torch
    import mxnet as mx
    import nnport
    from mxnet import gluon
    from nnport.frameworks.mxnet import runtime as rt

    t0 = time.perf_counter()
    errors = [f"{d.line}: {d.message}" for d in conv.diagnostics if d.severity in ("error", "warning")]
    assert not errors, f"{name}: not translated:\n" + "\n".join(errors)
    tmod = load_code(conv.code, name)
    torch.manual_seed(1)
    tm = tmod.Model(*module.get_init_inputs())
    tx = torch_inputs(inputs)
    rt.prepare(gm, inputs)   # deferred shapes: one forward
    perturb(gm)
    PAIRS[id(tm)] = nnport.transfer_weights(gm, tm, example_inputs=tx)
    tm.eval()

    def both(train=False):
        ref = flat(rt.call(gm, inputs, {}, train=train))
        with torch.no_grad():
            got = flat(tm(*torch_inputs(inputs)))
        return ref, got

    eval_err = compare(*both(), tol, f"{name} eval output")
    hybrid = isinstance(gm, gluon.HybridBlock)
    if hybrid:
        gm.hybridize()
        eval_err = max(eval_err, compare(*both(), tol, f"{name} eval output (hybridized)"))
        gm.hybridize(active=False)   # the cached graph holds the dropout rates: set to 0 below
    no_dropout(gm, tm)
    tm.train()
    ref, got = both(train=True)
    train_err = compare(ref, got, tol, f"{name} train output")
    states = bn_states(gm, tm)
    for path, g, t in states:
        compare([g], [t], tol, f"{name} state {path}", floor=1.0)
    mx.nd.waitall()
    return {"name": name, "issues": len(errors), "eval_err": eval_err, "train_err": train_err,
            "states": len(states), "hybrid": hybrid, "seconds": time.perf_counter() - t0}


def main(argv: list[str]) -> int:
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
    rows, failed = [], 0
    for name in argv or names():
        try:
            r = run(name)
            rows.append(f"| {name} | pass | {r['eval_err']:.1e} | {r['train_err']:.1e} | {r['states']} | "
                        f"{'yes' if r['hybrid'] else 'no'} | {r['seconds']:.1f} |")
        except Exception as e:  # noqa: BLE001 - the table reports every failure
            failed += 1
            msg = str(e).strip().splitlines()[0][:140] if str(e).strip() else ""
            rows.append(f"| {name} | FAIL | {type(e).__name__}: {msg} | | | | |")
    print("| model | result | eval err | train err | BN stats | hybridized | s |\n|---|---|---|---|---:|---|---:|")
    print("\n".join(rows))
    print(f"\n{len(rows) - failed}/{len(rows)} passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
