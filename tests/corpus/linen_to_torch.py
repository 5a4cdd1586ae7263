"""Flax Linen corpus (tests/corpus/linen/*.py) -> PyTorch, compared with Linen itself.

For each model: the file converted with `nnport.convert(code, source="flax", to="torch")` (the Flax
source rewrites Linen to NNX first, then reads the NNX code), the Linen model initialised on
get_inputs() and every variable moved off its initial value (linen_to_nnx._perturbed), the PyTorch
model built from get_init_inputs() and given the Linen variables with
`nnport.transfer_weights(linen_model.bind(variables), torch_model)`, then:
- inference: Linen with its mode argument set for evaluation against PyTorch eval();
- training mode (models with a mode argument): Linen's Dropout calls intercepted (identity), PyTorch's
  dropout rates 0, one forward in training mode on both sides (batch statistics updated: `mutable`),
  the outputs, then every running statistic Linen updated against the PyTorch buffers.

    python tests/corpus/linen_to_torch.py [name ...]     # a table, one model a line
"""
from __future__ import annotations

import inspect
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
if str(HERE.parent) not in sys.path:   # run as a script: tests/ holds the corpus package
    sys.path.insert(0, str(HERE.parent))
from corpus.flax_to_torch import load, states, table, torch_inputs  # noqa: E402
from corpus.gluon_to_torch import compare, flat  # noqa: E402
from corpus.linen_to_nnx import _perturbed, no_dropout  # noqa: E402

LINEN_DIR = HERE / "linen"
TOL = 1e-5
# model -> why it is not translated yet (strict xfails in tests/test_linen_to_torch.py)
KNOWN_FAILURES: dict[str, str] = {
    "partial_resnet": "Linen -> NNX fails: the projection shortcut is constructed under a condition of "
                      "__call__ in one block only (the rewrite diagnoses it as an error)",
    "gru_tagger": "nnx.RNN(reverse=True) is not read by the Flax source, and nnx.GRUCell has no hn bias "
                  "(Linen -> NNX keeps it only while it is zero)",
    "einsum_attention": "nnx.initializers.lecun_normal() and nnx.make_causal_mask have no reader yet",
    "setup_lists": "nn.Dropout(deterministic=True) fixed in Linen: NNX and PyTorch follow train()/eval() "
                   "(the Linen rewrite warns); equal with dropout off, but the warning stands",
}


def names() -> list[str]:
    return sorted(p.stem for p in LINEN_DIR.glob("*.py") if not p.stem.startswith("_"))


def mode_of(linen) -> str | None:
    """The mode argument of the Linen model's __call__ (train / deterministic / ...), if any."""
    from nnport.frameworks.flax.linen.flags import NAMES as MODES
    return next((p for p in inspect.signature(linen.__call__).parameters if p in MODES), None)


def run(name: str, tol: float = TOL) -> dict:
    import jax
    import torch
    from flax import linen as nn
    import nnport
    from nnport.frameworks.flax.linen import sizes
    from nnport.frameworks.flax.linen.transfer import to_nnx_model

    t0 = time.perf_counter()
    path = LINEN_DIR / f"{name}.py"
    text = path.read_text()
    conv = nnport.convert(text, source="flax", to="torch", filename=str(path))
    errors = [f"{d.line}: {d.message}" for d in conv.diagnostics if d.severity in ("error", "warning")]
    assert not errors, f"{name}: not translated: " + "; ".join(errors)
    module = sizes.load(text, str(path), f"linen_corpus_{name}")
    inputs = [jax.numpy.asarray(a) if isinstance(a, np.ndarray) else a for a in module.get_inputs()]
    linen = module.Model(*module.get_init_inputs())
    variables = _perturbed(linen.init({"params": jax.random.key(0), "dropout": jax.random.key(1)}, *inputs))
    tmod = load(conv.code, f"<{name} translated>", f"nnport_torch_linen_{name}")
    torch.manual_seed(1)
    tm = tmod.Model(*module.get_init_inputs())
    tin = torch_inputs([np.asarray(a) for a in inputs])
    pairs = nnport.transfer_weights(linen.bind(variables), tm, example_inputs=tin)

    mode = mode_of(linen)
    training = mode not in ("deterministic", "use_running_average")
    tm.eval()
    with torch.no_grad():
        got = flat(tm(*tin))
    eval_err = compare(flat(linen.apply(variables, *inputs, **({} if mode is None else {mode: not training}))),
                       got, tol, f"{name} eval output")
    train_err, n_states = None, 0
    if mode is not None:
        for m in tm.modules():
            if isinstance(m, torch.nn.modules.dropout._DropoutNd):
                m.p = 0.0
        with nn.intercept_methods(no_dropout):
            ref, updates = linen.apply(variables, *inputs, **{mode: training},
                                       mutable=[c for c in variables if c != "params"])
        tm.train()
        with torch.no_grad():
            got = flat(tm(*tin))
        train_err = compare(flat(ref), got, tol, f"{name} train output")
        if updates:   # Linen's updated statistics, through the same rewrite, against PyTorch's buffers
            updated = to_nnx_model(linen.bind({**variables, **updates}), text, str(path))
            found = states(updated, tm, pairs)
            for where, f, t in found:
                compare([f], [t], tol, f"{name} state {where}", floor=1.0)
            n_states = len(found)
    return {"name": name, "code": conv.code, "eval_err": eval_err, "train_err": train_err, "states": n_states,
            "seconds": time.perf_counter() - t0}


def main(argv: list[str]) -> int:
    return table(argv or names(), run)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
