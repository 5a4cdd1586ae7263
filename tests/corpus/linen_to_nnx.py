"""Linen corpus -> Flax NNX, checked numerically: rewrite each tests/corpus/linen/*.py, build the Linen
model and the NNX model, move the Linen variables (each moved off its initial value) into the NNX model, compare the outputs in eval
mode and in training mode (dropout off on both sides: Linen's Dropout calls intercepted, NNX's
Dropout set deterministic; batch statistics updated), then eval again after that training step.

    PYTHONPATH=src JAX_PLATFORMS=cpu python tests/corpus/linen_to_nnx.py [name ...]
"""
from __future__ import annotations

import inspect
import pathlib
import sys
import time

import numpy as np

CORPUS = pathlib.Path(__file__).parent / "linen"
RTOL = 1e-5


def files() -> list[pathlib.Path]:
    return sorted(p for p in CORPUS.glob("*.py") if p.name != "__init__.py")


def check(path: pathlib.Path) -> dict:
    """{'eval': max relative error, 'train': ..., 'after': ...}; raises when a step fails."""
    import jax
    from flax import linen as nn
    from flax import nnx
    from nnport.frameworks.flax.linen import sizes
    from nnport.frameworks.flax.linen.flags import NAMES as MODES
    from nnport.frameworks.flax.linen.rewrite import rewrite
    from nnport.frameworks.flax.linen import transfer

    code = path.read_text()
    out = rewrite(code, str(path))
    errors = [d for d in out.diagnostics if d.severity == "error"]
    if errors:
        raise AssertionError("; ".join(d.format() for d in errors))
    src = sizes.load(code, str(path), "_linen_" + path.stem)
    dst = sizes.load(out.code, str(path) + ".nnx.py", "_nnx_" + path.stem)
    inputs = [jax.numpy.asarray(a) if isinstance(a, np.ndarray) else a for a in src.get_inputs()]
    linen = src.Model(*src.get_init_inputs())
    variables = _perturbed(linen.init({"params": jax.random.key(0), "dropout": jax.random.key(1)}, *inputs))
    model = dst.Model(*dst.get_init_inputs(), rngs=nnx.Rngs(0))
    transfer.load_linen(model, variables, out.names)
    model.eval()
    mode = next((p for p in inspect.signature(linen.__call__).parameters if p in MODES), None)
    training = mode not in ("deterministic", "use_running_average")
    off = {} if mode is None else {mode: not training}       # evaluation, whatever the default
    res = {"eval": _err(linen.apply(variables, *inputs, **off), model(*inputs))}
    if mode is None:
        return res
    on = {mode: training}

    with nn.intercept_methods(no_dropout):
        y, updates = linen.apply(variables, *inputs, **on, mutable=[c for c in variables if c != "params"])
    model.train()
    for _, m in nnx.iter_modules(model):
        if isinstance(m, nnx.Dropout):
            m.deterministic = True
    res["train"] = _err(y, model(*inputs))
    model.eval()
    res["after"] = _err(linen.apply({**variables, **updates}, *inputs, **off), model(*inputs))
    return res


def no_dropout(next_fun, args, kwargs, context):
    """An nn.intercept_methods interceptor: every Linen Dropout call is the identity."""
    from flax import linen as nn
    if isinstance(context.module, nn.Dropout) and context.method_name == "__call__":
        return args[0]
    return next_fun(*args, **kwargs)


def _perturbed(variables):
    """Every variable moved off its initial value (zero biases, unit scales, zero means would hide
    a variable that lands in the wrong place); variances stay positive."""
    import jax
    rng = np.random.default_rng(0)

    def move(path, v):
        v = np.asarray(v)
        if not np.issubdtype(v.dtype, np.floating):
            return v
        if any(getattr(k, "key", None) == "var" for k in path):
            return (v * rng.uniform(0.5, 1.5, v.shape)).astype(v.dtype)
        return (v + 0.1 * rng.standard_normal(v.shape)).astype(v.dtype)
    return jax.tree_util.tree_map_with_path(move, variables)


def _err(a, b) -> float:
    import jax
    la, lb = jax.tree.leaves(a), jax.tree.leaves(b)
    if len(la) != len(lb):
        raise AssertionError(f"{len(la)} outputs vs {len(lb)}")
    worst = 0.0
    for x, y in zip(la, lb):
        x, y = np.asarray(x), np.asarray(y)
        if x.shape != y.shape:
            raise AssertionError(f"shape {x.shape} vs {y.shape}")
        worst = max(worst, float(np.max(np.abs(x - y)) / max(1.0, float(np.max(np.abs(x))))))
    return worst


def main(argv: list[str]) -> int:
    chosen = [p for p in files() if not argv or p.stem in argv]
    passed = 0
    for p in chosen:
        t = time.time()
        try:
            res = check(p)
            ok = all(v <= RTOL for v in res.values())
            status = "ok" if ok else "MISMATCH"
            passed += ok
            detail = " ".join(f"{k}={v:.1e}" for k, v in res.items())
        except Exception as e:  # noqa: BLE001 - a report line per model
            status, detail = "FAIL", f"{type(e).__name__}: {str(e)[:300]}"
        print(f"{p.stem:22s} {status:8s} {time.time() - t:5.1f}s {detail}")
    print(f"{passed}/{len(chosen)} Linen models equal after Linen -> NNX")
    return 0 if passed == len(chosen) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
