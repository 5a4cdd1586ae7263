"""`nnport verify`: exit codes 0/1/2, the terminal report, --json and --html."""
import json

import pytest

from models import net
from nnport.cli import main

MODEL = net(d_in=3, d_out=2, imports="")

WRONG = """\
from flax import nnx


class Net(nnx.Module):
    def __init__(self, n=3, *, rngs: nnx.Rngs):
        self.fc = nnx.Linear(n, 2, rngs=rngs)

    def __call__(self, x):
        return self.fc(x) * 1.001
"""


@pytest.fixture
def files(tmp_path):
    (tmp_path / "net.py").write_text(MODEL)
    (tmp_path / "net_flax.py").write_text(WRONG)
    return tmp_path


def test_not_equivalent_is_exit_1_with_reports(files, capsys):
    j, h = files / "r.json", files / "r.html"
    rc = main(["verify", str(files / "net.py"), "--target", str(files / "net_flax.py:Net"), "--init", "[3]",
               "--inputs", "float32[4,3]", "--json", str(j), "--html", str(h)])
    out = capsys.readouterr().out
    assert rc == 1
    assert "verdict: NOT EQUIVALENT (max abs" in out and "tolerance |a-b| <= 0 + 1e-05" in out
    assert "differs first at <model> (Net)" in out and "source line 4: class Net(nn.Module):" in out
    assert "its forward: line 9" in out and "target forward: line 8" in out
    r = json.loads(j.read_text())
    assert r["verdict"] == "not equivalent" and r["exit_code"] == 1 and r["location"]["path"] == ""
    assert "<svg" in h.read_text()


def test_force_replaces_existing_reports(files, capsys):
    j, h = files / "r.json", files / "r.html"
    j.write_text("old\n")
    h.write_text("old\n")
    argv = ["verify", str(files / "net.py"), "--target", str(files / "net_flax.py:Net"), "--init", "[3]",
            "--inputs", "float32[4,3]", "--json", str(j), "--html", str(h)]
    assert main(argv) == 2 and j.read_text() == "old\n"   # refused (tests/test_cli_overwrite.py)
    assert main(argv + ["--force"]) == 1
    capsys.readouterr()
    assert json.loads(j.read_text())["verdict"] == "not equivalent" and "<svg" in h.read_text()
    assert sorted(p.name for p in files.iterdir()) == ["net.py", "net_flax.py", "r.html", "r.json"]


@pytest.mark.parametrize("argv, msg", [
    (["--to", "flax", "--inputs", "float32[2,3"], "neither a tensor spec"),
    (["--to", "flax", "--init", "x y"], "cannot read constructor arguments"),
    (["--target", "missing.py"], "cannot read missing.py"),
])
def test_errors_are_exit_2(files, capsys, argv, msg, monkeypatch):
    monkeypatch.chdir(files)
    assert main(["verify", "net.py"] + argv) == 2
    out = capsys.readouterr().out
    assert "verdict: ERROR" in out and msg in out


def test_usage_errors_are_exit_2(files, capsys):
    with pytest.raises(SystemExit) as e:
        main(["verify", str(files / "net.py"), "--to", "flax", "--target", "x.py"])
    assert e.value.code == 2
    with pytest.raises(SystemExit) as e:
        main(["verify", str(files / "net.py")])
    assert e.value.code == 2
    assert main(["verify", str(files / "net.py"), "--to", "flax", "--trials", "0"]) == 2
