"""Cross-interpreter verification with Gluon: the PyTorch source side runs in .venv (numpy 2), the
Gluon target side in .venv-mxnet (MXNet 1.9.1 needs numpy<1.24; `make mxnet-venv` makes it); the
arrays and weights go through files."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MX_PY = ROOT / ".venv-mxnet" / "bin" / "python"

pytestmark = pytest.mark.skipif(not MX_PY.exists() and not os.environ.get("CI"),
                                reason="no MXNet interpreter: run `make mxnet-venv`")


def _verify(tmp_path, model: str, *extra: str):
    out = tmp_path / "r.json"
    p = subprocess.run([sys.executable, "-m", "nnport", "verify", str(ROOT / "tests/corpus/torch" / model),
                        "--target-python", str(MX_PY), "--json", str(out), *extra],
                       capture_output=True, text=True, timeout=600, cwd=tmp_path,
                       env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
    return p, (json.loads(out.read_text()) if out.exists() else None)


def test_mlp_equivalent_with_gradients(tmp_path):
    import importlib.util
    assert importlib.util.find_spec("mxnet") is None, "the source side's interpreter has no mxnet"
    p, r = _verify(tmp_path, "mlp.py", "--to", "mxnet", "--train")
    assert p.returncode == 0, p.stdout + p.stderr
    assert "verdict: EQUIVALENT" in p.stdout
    assert r["verdict"] == "equivalent" and r["compared"] >= 9
    assert {c["name"] for c in r["checks"]} >= {"eval output", "train output", "train grad fc1.weight"}


def test_a_wrong_gluon_translation_is_caught_and_localised(tmp_path):
    """The translation with one activation changed (relu -> sigmoid): not equivalent, at that layer."""
    import nnport
    code = nnport.convert((ROOT / "tests/corpus/torch/mlp.py").read_text(), to="mxnet").code
    assert code.count("F.relu(") >= 1
    wrong = tmp_path / "mlp_mxnet.py"
    wrong.write_text(code.replace("F.relu(", "F.sigmoid(", 1))
    p, r = _verify(tmp_path, "mlp.py", "--target", f"{wrong}:Model")
    assert p.returncode == 1, p.stdout + p.stderr
    assert r["verdict"] == "not equivalent" and "differs first at <model> (Model)" in p.stdout


def test_training_steps_in_the_gluon_interpreter(tmp_path):
    """`nnport verify --train-steps N --to mxnet`: the PyTorch script trains here, its Gluon translation
    in .venv-mxnet, from the same weights on the same batches; losses equal at every step."""
    out = tmp_path / "r.json"
    p = subprocess.run([sys.executable, "-m", "nnport", "verify", str(ROOT / "tests/corpus/train/regression_mlp.py"),
                        "--to", "mxnet", "--train-steps", "6", "--target-python", str(MX_PY), "--json", str(out)],
                       capture_output=True, text=True, timeout=600, cwd=tmp_path,
                       env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
    assert p.returncode == 0, p.stdout + p.stderr
    assert "loss: 6 of 6 match" in p.stdout and "verdict: EQUIVALENT" in p.stdout
    r = json.loads(out.read_text())
    assert r["target"]["framework"] == "mxnet" and len(r["target"]["losses"]) == 6
