"""Shared by the per-entry tests of training code read from a source other than PyTorch
(tests/keras_reading/test_keras_training.py, tests/test_flax_training.py): the source's training function
and its PyTorch translation, on the same weights and the same gradients, step by step.

The model's loss is sum(w * g0) + sum(b * g1): its gradients are exactly the given (g0, g1), so the
real source optimizer and the translated torch one see the same gradients at every step; the
per-step losses (which read the weights of that step) and the final weights are compared."""
from __future__ import annotations

import numpy as np

STEPS = 8


def grads(n: int = STEPS, seed: int = 0, scale: float = 1.0):
    rng = np.random.default_rng(seed)
    return [(rng.standard_normal((3, 4)).astype(np.float32) * scale, rng.standard_normal(4).astype(np.float32) * scale)
            for _ in range(n)]


def weights():
    rng = np.random.default_rng(1)
    return rng.standard_normal((3, 4)).astype(np.float32), rng.standard_normal(4).astype(np.float32)


def torch_side(code: str, data, steps: int = STEPS):
    """(losses, [w, b]) of the translated PyTorch code trained from weights()."""
    import torch
    from harness import load
    mod = load(code)
    m = mod.Model()
    w, b = weights()
    with torch.no_grad():
        m.w.copy_(torch.from_numpy(w))
        m.b.copy_(torch.from_numpy(b))
    losses = mod.train(m, [tuple(torch.from_numpy(np.array(a)) for a in g) for g in data], steps)
    return np.array(losses), [m.w.detach().numpy(), m.b.detach().numpy()]


def close(a, b, what: str, tol: float = 2e-5) -> float:
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    assert a.shape == b.shape, f"{what}: shapes {a.shape} vs {b.shape}"
    err = float(np.max(np.abs(a - b) / max(1.0, float(np.max(np.abs(a)))), initial=0.0))
    assert err <= tol, f"{what}: error {err:.3g} > {tol}\n{a}\n{b}"
    return err


def compare(source, translated, scale: float = 1.0) -> None:
    """source, translated: (losses, [w, b]); losses judged relative to the gradients' scale."""
    (sl, sw), (tl, tw) = source, translated
    assert len(sl) == len(tl)
    close(sl / scale, tl / scale, "per-step losses")
    for name, a, b in zip("wb", sw, tw):
        close(a, b, f"final {name}")


def translate(code: str, source: str):
    import nnport
    conv = nnport.convert(code, to="torch", source=source)
    assert not conv.issues, "\n".join(d.format() for d in conv.issues) + "\n----\n" + conv.code
    return conv


def check(code: str, source: str, source_side, data, scale: float = 1.0, steps: int = STEPS):
    """Translate `code` to PyTorch and train both sides on `data` (`source_side(code, data, steps)`)."""
    conv = translate(code, source)
    compare(source_side(code, data, steps), torch_side(conv.code, data, steps), scale)
    return conv


def scaled(optimizers) -> list:
    """(name, gradient scale) cases: small gradients too where epsilon tells (the Adam family)."""
    import pytest
    return [pytest.param(n, s, id=f"{n}-grads_{s:g}") for n in optimizers
            for s in ((1.0, 1e-3) if "adam" in n else (1.0,))]
