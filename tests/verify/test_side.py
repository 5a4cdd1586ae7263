"""The side runner imports only its own framework; requests and responses go through files."""
import os
import subprocess
import sys

from models import net
from nnport.verify import tree
from nnport.verify.oracle import Side, source_request, target_request
from nnport.verify.compare import Tolerance
from nnport.verify.process import SRC_ROOT

MODEL = net(d_in=3, d_out=2, imports="")

PROBE = ("import sys; from nnport.verify import side; rc = side.main(['side', sys.argv[1]]); "
         "print(sorted({m.split('.')[0] for m in sys.modules} & {'torch', 'jax', 'flax', 'tensorflow', 'keras'})); "
         "sys.exit(rc)")


def _run(job):
    env = dict(os.environ, PYTHONPATH=SRC_ROOT)
    p = subprocess.run([sys.executable, "-c", PROBE, str(job)], capture_output=True, text=True, env=env, timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    return p.stdout.strip().splitlines()[-1]


def test_each_side_imports_only_its_framework(tmp_path):
    import nnport
    (tmp_path / "net.py").write_text(MODEL)
    (tmp_path / "net_flax.py").write_text(nnport.convert(MODEL, to="flax").code)
    job = tmp_path / "source"
    job.mkdir()
    src = Side(str(tmp_path / "net.py"), "Net", "torch", MODEL)
    tree.save(str(job / "request"), source_request(src, inputs="float32[2,3]", train=True))
    assert _run(job) == "['torch']"
    resp = tree.load(str(job / "response"))
    assert resp["trials"][0]["inputs"][0].shape == (2, 3)
    assert resp["modules"] == {"": ["Net", True], "fc": ["Linear", False]}

    job = tmp_path / "target"
    job.mkdir()
    tgt = Side(str(tmp_path / "net_flax.py"), "Net", "flax", "")
    tree.save(str(job / "request"), target_request(tgt, resp, Tolerance()))
    assert _run(job) == "['flax', 'jax']"
    checks = tree.load(str(job / "response"))["checks"]
    assert {c["status"] for c in checks} == {"match"} and len(checks) >= 4


def test_a_failing_side_answers_with_the_error(tmp_path):
    tree.save(str(tmp_path / "request"), {"role": "source", "framework": "torch", "file": str(tmp_path / "no.py"),
                                          "class": "Net", "seeds": [0]})
    env = dict(os.environ, PYTHONPATH=SRC_ROOT)
    p = subprocess.run([sys.executable, "-m", "nnport.verify.side", str(tmp_path)], env=env, timeout=300)
    assert p.returncode == 1
    resp = tree.load(str(tmp_path / "response"))
    assert resp["kind"] == "exception" and "No such file" in resp["error"]
