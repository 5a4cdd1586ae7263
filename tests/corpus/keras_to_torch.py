"""Keras corpus (functional and Sequential models) -> PyTorch by the graph route, compared with Keras.

For each model: build it (keras_runner.build: fixed seeds), translate the built model
(nnport.frameworks.keras.reading.route.translate_built, shapes recorded on get_inputs()), load the
PyTorch code, build its Model(*get_init_inputs()) with other random weights, copy the Keras weights
(nnport.transfer_weights), run both on the same inputs: inference (training=False / eval()) must
agree within TOL x max(1e-3, max|ref|); then one training-mode forward (Keras training=True,
PyTorch train()) with every dropout rate set to 0 on both sides (`no_dropout`): the outputs, then
the moving statistics against the running buffers. Models whose training forward draws random
numbers even so are not compared in training mode (RANDOM_IN_TRAINING, with the reason;
tests/test_keras_to_torch.py checks that they are random).
Inference is compared twice: with the corpus weights, and with every Keras weight perturbed
(`perturb`: some corpus models give near-constant outputs with their initial weights, such as a
zero-initialised last layer, which would hide a wrong translation).

    python tests/corpus/keras_to_torch.py [name ...]     # a table, one model a line
"""
from __future__ import annotations

import ast
import sys
import time
import types
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
KERAS_DIR = HERE / "keras"
TOL = 1e-5
# Models not translated yet, with the reason (tests/test_keras_to_torch.py: strict xfails)
KNOWN_FAILURES: dict[str, str] = {
}
# model -> why its training forward is not compared (random even with every dropout rate at 0)
RANDOM_IN_TRAINING: dict[str, str] = {
    "conv_autoencoder": "GaussianNoise(0.1) on the input in training",
}


def graph_names() -> list[str]:
    """Corpus files whose `Model` is a builder function (functional or Sequential models)."""
    out = []
    for p in sorted(KERAS_DIR.glob("*.py")):
        tree = ast.parse(p.read_text())
        if any(isinstance(n, ast.FunctionDef) and n.name == "Model" for n in tree.body):
            out.append(p.stem)
    return out


def load_code(text: str, name: str = "translated") -> types.ModuleType:
    mod = types.ModuleType(f"nnport_torch_{name}")
    exec(compile(text, f"<{name} translated>", "exec"), mod.__dict__)   # noqa: S102 - our own output
    return mod


def to_torch(tree):
    import torch
    if isinstance(tree, dict):
        return {k: to_torch(v) for k, v in tree.items()}
    if isinstance(tree, (list, tuple)):
        return type(tree)(to_torch(v) for v in tree)
    return torch.from_numpy(np.array(tree, copy=True))


def flat(tree) -> list[np.ndarray]:
    """Arrays in keras.tree.flatten order (dict entries by sorted key)."""
    if isinstance(tree, dict):
        return [a for k in sorted(tree) for a in flat(tree[k])]
    if isinstance(tree, (list, tuple)):
        return [a for v in tree for a in flat(v)]
    t = tree.detach().numpy() if hasattr(tree, "detach") else np.asarray(tree)
    return [np.asarray(t)]


def no_dropout(kmodel, tmodel) -> None:
    """Every dropout rate set to 0: Keras Dropout and AlphaDropout layers at any depth (SpatialDropout,
    those inside MultiHeadAttention), the recurrent cells' dropout and recurrent_dropout (their
    translations have none); PyTorch's nn.Dropout* modules and nn.MultiheadAttention's dropout.
    (GaussianNoise and GaussianDropout stay: their translations are expressions, not modules.)"""
    import keras
    import torch
    for layer in kmodel._flatten_layers(include_self=False, recursive=True):
        if isinstance(layer, keras.layers.Dropout) or type(layer).__name__ == "AlphaDropout":   # also legacy
            layer.rate = 0.0
        if type(layer).__name__.endswith("Cell"):   # LSTMCell, GRUCell, SimpleRNNCell (sublayers of the RNNs)
            for name in ("dropout", "recurrent_dropout"):
                if isinstance(getattr(layer, name, None), float):
                    setattr(layer, name, 0.0)
    for m in tmodel.modules():
        if isinstance(m, torch.nn.modules.dropout._DropoutNd):
            m.p = 0.0
        elif isinstance(m, torch.nn.MultiheadAttention):
            m.dropout = 0.0


def perturb(model, seed: int = 3) -> None:
    """Every float weight of the Keras model moved by noise of its own scale (variances kept positive)."""
    rng = np.random.default_rng(seed)
    for v in model.weights:
        a = np.asarray(v.numpy())
        if not np.issubdtype(a.dtype, np.floating):
            continue
        scale = max(float(a.std()), 0.05)
        new = a + rng.normal(scale=0.5 * scale, size=a.shape)
        if "variance" in v.name:
            new = np.abs(new) + 0.1
        v.assign(new.astype(a.dtype))


def translate(name: str):
    sys.path.insert(0, str(HERE.parent))
    from corpus import keras_runner
    from nnport.frameworks.keras.reading.route import _params, translate_built
    module, model, inputs = keras_runner.build(name)
    init = list(module.get_init_inputs())
    text, diags = translate_built(model, params=_params(module.Model), inputs=inputs,
                                  call=", ".join(map(repr, init)), filename=f"{name}.py")
    return module, model, inputs, text, diags


def run(name: str, tol: float = TOL) -> dict:
    """{'name', 'errors', 'eval_err', 'train_err', 'seconds'}; raises AssertionError on a mismatch."""
    import torch
    sys.path.insert(0, str(HERE.parent))
    from harness import compare
    import nnport
    from nnport.frameworks.keras.reading.transfer import converted

    t0 = time.perf_counter()
    module, model, inputs, text, diags = translate(name)
    errors = [m for s, m in diags if s == "error"]
    assert not errors, f"{name}: not translated:\n" + "\n".join(errors)
    tmod = load_code(text, name)
    torch.manual_seed(1)
    tm = tmod.Model(*module.get_init_inputs())
    nnport.transfer_weights(model, tm)
    tm.eval()
    ref = flat(model(*inputs, training=False))
    with torch.no_grad():
        got = flat(tm(*to_torch(inputs)))
    eval_err = compare(ref, got, tol, f"{name} eval output")
    perturb(model)
    nnport.transfer_weights(model, tm)
    ref = flat(model(*inputs, training=False))
    with torch.no_grad():
        got = flat(tm(*to_torch(inputs)))
    eval_err = max(eval_err, compare(ref, got, tol, f"{name} eval output (perturbed weights)"))
    train_err = None
    if name not in RANDOM_IN_TRAINING:
        no_dropout(model, tm)
        tm.train()
        ref = flat(model(*inputs, training=True))
        with torch.no_grad():
            got = flat(tm(*to_torch(inputs)))
        train_err = compare(ref, got, tol, f"{name} train output")
        for path, (t, value) in converted(model, tm).items():
            if path.rsplit(".", 1)[-1] in ("running_mean", "running_var"):
                compare(value, t.detach().numpy(), tol, f"{name} state {path}", floor=1.0)
    return {"name": name, "issues": len([d for d in diags if d[0] == "warning"]), "eval_err": eval_err,
            "train_err": train_err, "seconds": time.perf_counter() - t0}


def main(argv: list[str]) -> int:
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
    rows, failed = [], 0
    for name in argv or graph_names():
        try:
            r = run(name)
            tr = "" if r["train_err"] is None else f"{r['train_err']:.1e}"
            rows.append(f"| {name} | pass | {r['eval_err']:.1e} | {tr} | {r['issues']} | {r['seconds']:.1f} |")
        except Exception as e:  # noqa: BLE001 - the table reports every failure
            failed += 1
            msg = str(e).strip().splitlines()[0][:140] if str(e).strip() else ""
            rows.append(f"| {name} | FAIL | {type(e).__name__}: {msg} | | | |")
    print("| model | result | eval err | train err | warnings | s |\n|---|---|---|---|---:|---:|")
    print("\n".join(rows))
    print(f"\n{len(rows) - failed}/{len(rows)} passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
