"""Cross-interpreter verification end to end: the source side runs in a torch-only venv
(build/venv-torch, made by `make verify-venv`), the target side in .venv; arrays go through files."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TORCH_PY = ROOT / "build" / "venv-torch" / "bin" / "python"

pytestmark = pytest.mark.skipif(not TORCH_PY.exists() and not os.environ.get("CI"),
                                reason="no torch-only interpreter: run `make verify-venv`")


def test_source_and_target_sides_in_different_venvs(tmp_path):
    no_jax = subprocess.run([str(TORCH_PY), "-c", "import torch, libcst; import jax"], capture_output=True, text=True)
    assert "No module named 'jax'" in no_jax.stderr, "build/venv-torch must have torch and no JAX"
    out = tmp_path / "r.json"
    p = subprocess.run([sys.executable, "-m", "nnport", "verify", str(ROOT / "tests/corpus/torch/mlp.py"),
                        "--to", "flax", "--train", "--source-python", str(TORCH_PY),
                        "--target-python", sys.executable, "--json", str(out)],
                       capture_output=True, text=True, timeout=600, cwd=tmp_path,
                       env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
    assert p.returncode == 0, p.stdout + p.stderr
    assert "verdict: EQUIVALENT" in p.stdout
    r = json.loads(out.read_text())
    assert r["verdict"] == "equivalent" and r["compared"] >= 9
    assert {c["name"] for c in r["checks"]} >= {"eval output", "train output", "train grad fc1.weight",
                                                "train grad input[0]"}
