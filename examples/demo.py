"""`make demo`: translate every example PyTorch model to Flax NNX and check it numerically.

For each examples/*.py model file (a `Model` class plus `get_init_inputs()` and `get_inputs()`):
  1. `nnport convert FILE --to flax -o build/demo/<name>_flax.py`
  2. build the PyTorch model (seeded) and the translated Flax model (`Model(*init, rngs=nnx.Rngs(0))`)
  3. `nnport.transfer_weights(torch_model, flax_model)`, put both in eval mode
  4. run both on the same inputs; PASS when max |torch - flax| <= rtol * max |torch|
Exits non-zero if any model fails.
"""
from __future__ import annotations

import argparse
import importlib.util
import random
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
OUT_DIR = ROOT / "build" / "demo"


def model_files() -> list[Path]:
    return [p for p in sorted(EXAMPLES.glob("*.py"))
            if p.name != Path(__file__).name and not p.name.startswith("_")]


def load_module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def convert(path: Path, out: Path) -> tuple[int, str]:
    """Run the real command line, as a user would."""
    out.parent.mkdir(parents=True, exist_ok=True)
    r = subprocess.run([sys.executable, "-m", "nnport", "convert", str(path), "--to", "flax",
                        "--from", "torch", "-o", str(out), "--force"],
                       capture_output=True, text=True)
    return r.returncode, r.stderr


def leaves(x, np, torch) -> list:
    """Flatten a model output (tensor, array, tuple/list, dict) into numpy arrays."""
    if isinstance(x, (tuple, list)):
        return [leaf for item in x for leaf in leaves(item, np, torch)]
    if isinstance(x, dict):
        return [leaf for key in sorted(x) for leaf in leaves(x[key], np, torch)]
    if isinstance(x, torch.Tensor):
        return [x.detach().cpu().numpy()]
    return [np.asarray(x)]


def check(path: Path, out: Path, rtol: float) -> tuple[float, float]:
    """Return (max abs error, error relative to output scale); raises on any mismatch."""
    import jax.numpy as jnp
    import numpy as np
    import torch
    from flax import nnx

    import nnport

    random.seed(0)
    np.random.seed(0)
    torch.manual_seed(0)
    src = load_module(path, f"nnport_demo_src_{path.stem}")
    init = list(src.get_init_inputs()) if hasattr(src, "get_init_inputs") else []
    torch_model = src.Model(*init)
    inputs = list(src.get_inputs())

    dst = load_module(out, f"nnport_demo_dst_{path.stem}")
    flax_model = dst.Model(*init, rngs=nnx.Rngs(0))
    nnport.transfer_weights(torch_model, flax_model)
    torch_model.eval()
    flax_model.eval()

    with torch.no_grad():
        expected = leaves(torch_model(*inputs), np, torch)
    flax_inputs = [jnp.asarray(x.detach().cpu().numpy()) if isinstance(x, torch.Tensor) else x
                   for x in inputs]
    got = leaves(flax_model(*flax_inputs), np, torch)

    if len(expected) != len(got):
        raise AssertionError(f"torch returned {len(expected)} arrays, flax {len(got)}")
    err = scale = 0.0
    for i, (e, g) in enumerate(zip(expected, got)):
        g = np.asarray(g)
        if e.shape != g.shape:
            raise AssertionError(f"output {i}: torch shape {e.shape}, flax shape {g.shape}")
        if e.size:
            err = max(err, float(np.max(np.abs(e.astype(np.float64) - g.astype(np.float64)))))
            scale = max(scale, float(np.max(np.abs(e.astype(np.float64)))))
    return err, (err / scale if scale else err)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rtol", type=float, default=1e-5,
                        help="allowed max abs error relative to max |output| (default 1e-5)")
    parser.add_argument("models", nargs="*", type=Path, help="model files (default: examples/*.py)")
    args = parser.parse_args(argv)

    files = args.models or model_files()
    if not files:
        print(f"no example models found in {EXAMPLES}", file=sys.stderr)
        return 1

    rows, failures = [], 0
    for path in files:
        out = OUT_DIR / f"{path.stem}_flax.py"
        print(f"== {path.name} -> {out.relative_to(ROOT)}", flush=True)
        t0 = time.perf_counter()
        rc, log = convert(path, out)
        for line in log.splitlines():
            print(f"   {line}")
        if rc == 2:
            failures += 1
            rows.append((path.name, "conversion failed", "", "", "FAIL"))
            continue
        issues = "clean" if rc == 0 else "with issues"
        try:
            err, rel = check(path, out, args.rtol)
        except Exception as e:
            traceback.print_exc()
            failures += 1
            rows.append((path.name, issues, "", "", f"FAIL ({type(e).__name__})"))
            continue
        ok = rel <= args.rtol
        failures += not ok
        print(f"   max abs error {err:.3e}, relative {rel:.3e}, "
              f"{time.perf_counter() - t0:.1f}s: {'PASS' if ok else 'FAIL'}")
        rows.append((path.name, issues, f"{err:.3e}", f"{rel:.3e}", "PASS" if ok else "FAIL"))

    header = ("model", "conversion", "max abs err", "rel err", "result")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    print()
    for row in [header, tuple("-" * w for w in widths)] + rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
    print(f"\n{len(rows) - failures}/{len(rows)} models PASS (rtol {args.rtol:g})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
