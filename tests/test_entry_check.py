"""The entry coverage check (tests/entry_check.py) can fail: pytest runs on a tiny fake tests folder
whose tables are three names, with and without xdist, with and without a selection."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import entry_check
import nnport

TESTS = Path(__file__).parent
CONFTEST = f"""\
import sys
from pathlib import Path
sys.path.insert(0, {str(TESTS)!r})
import entry_check

def pytest_addoption(parser):
    entry_check.addoption(parser)

def pytest_configure(config):
    entry_check.register(config, Path(__file__).parent / "frameworks",
                         entries=["torch.sin", "torch.cos", "torch.tan"], excluded={{"torch.tan": "why"}})
"""
RUN = """\
import os
import entry_check
import nnport

def run(expr, execute=True):
    conv = nnport.convert(f"import torch\\n\\ndef f(x):\\n    return {expr}\\n", to="flax", source="torch")
    if execute:
        entry_check.executed(conv.code)
"""
FILES = {
    "conftest.py": CONFTEST,
    "frameworks/test_a.py": RUN + "\ndef test_sin():\n    run('torch.sin(x)')\n\n"
                                  "def test_cos_converted_only():\n    run('torch.cos(x)', execute=False)\n",
    "frameworks/test_b.py": RUN + "\ndef test_cos():\n    if os.environ.get('COVER_COS'):\n"
                                  "        run('torch.cos(x)')\n    assert not os.environ.get('FAIL_COS')\n",
    "elsewhere/test_c.py": RUN + "\ndef test_cos_outside():\n    run('torch.cos(x)')\n",
}


@pytest.fixture
def fake(tmp_path):
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def pytest_run(where: Path, *args: str, **env: str) -> tuple[int, str]:
    src = str(Path(nnport.__file__).parents[1])
    env = {**os.environ, "PYTHONPATH": src, **env}
    p = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args], cwd=where,
                       env=env, capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout + p.stderr


def test_fails_listing_the_entry_only_converted_or_tested_elsewhere(fake):
    rc, out = pytest_run(fake, "-p", "no:xdist")
    assert rc == 1 and "4 passed" in out, out
    assert "1 torch table entries have no numeric test" in out and "  torch.cos" in out, out
    assert "torch.sin\n" not in out and "torch.tan\n" not in out


def test_passes_when_covered(fake):
    rc, out = pytest_run(fake, "-p", "no:xdist", COVER_COS="1")
    assert rc == 0 and "entry coverage" not in out, out


def test_a_covering_test_that_fails_does_not_count(fake):
    rc, out = pytest_run(fake, "-p", "no:xdist", "--entry-report", "r.json", COVER_COS="1", FAIL_COS="1")
    assert rc == 1 and "1 failed" in out, out
    assert json.loads((fake / "r.json").read_text())["missing"] == ["torch.cos"]


def _worker(out: str, test: str) -> str:
    """The worker ("[gw1]") that `pytest -v` says ran `test`."""
    return next(line.split()[0] for line in out.splitlines() if "PASSED" in line and
                any(word.endswith(f"::{test}") for word in line.split()))


@pytest.mark.parametrize("covered, rc", [("", 1), ("1", 0)])
def test_xdist_workers_are_aggregated(fake, covered, rc):
    """Two workers: test_sin and test_cos run on different ones, only their union covers both."""
    got, out = pytest_run(fake, "-n", "2", "--dist", "load", "-v", COVER_COS=covered)
    assert got == rc, out
    assert ("  torch.cos" in out) == (rc == 1), out
    assert _worker(out, "test_sin") != _worker(out, "test_cos"), out   # else this proves nothing


@pytest.mark.parametrize("args", [("-k", "sin"), ("frameworks/test_a.py", "frameworks/test_b.py"),
                                  ("--deselect", "frameworks/test_a.py::test_sin"), ("--co",),
                                  ("--ignore", "frameworks/test_b.py"), ("frameworks/test_b.py::test_cos",)])
def test_not_checked_on_part_of_the_folder(fake, args):
    rc, out = pytest_run(fake, "-p", "no:xdist", *args)
    assert rc == 0 and "entry coverage" not in out, out


def test_missing_and_whole_dir(tmp_path):
    assert entry_check.missing(["a", "b", "c", "d"], {"b"}, {"c": "why"}) == ["a", "d"]
    folder = tmp_path / "tests" / "frameworks"
    folder.mkdir(parents=True)
    for args, whole in [(["tests"], True), (["."], True), (["tests/frameworks"], True),
                        (["tests/frameworks/test_x.py"], False), (["tests::test_y"], False), ([], False),
                        (["tests/other", "tests/frameworks/"], True)]:
        assert entry_check.whole_dir_requested(args, tmp_path, folder) == whole, args


def test_report(fake):
    pytest_run(fake, "-p", "no:xdist", "--entry-report", "r.json", COVER_COS="1")
    report = json.loads((fake / "r.json").read_text())
    assert report == {"total": 3, "covered": 2, "missing": [], "excluded": {"torch.tan": "why"},
                      "partial": False}


# A second target with its own folder (as tests/frameworks_keras is Keras's): its entries are credited
# only by tests collected there, and checked only when that folder is run whole.
CONFTEST_TWO = CONFTEST.replace(
    'excluded={"torch.tan": "why"})',
    'targets={"flax": {"torch.tan": "why"}, "keras": {"torch.tan": "why"}},\n'
    '                         folders={"keras": Path(__file__).parent / "kfolder"})')
RUN_KERAS = RUN.replace('to="flax"', 'to="keras"')
FILES_TWO = {
    **FILES, "conftest.py": CONFTEST_TWO,
    "frameworks/test_k.py": RUN_KERAS + "\ndef test_cos_keras_in_the_flax_folder():\n    run('torch.cos(x)')\n",
    "kfolder/test_k2.py": RUN_KERAS + "\ndef test_sin():\n    run('torch.sin(x)')\n\n"
                                      "def test_cos():\n    if os.environ.get('COVER_KCOS'):\n"
                                      "        run('torch.cos(x)')\n",
}


@pytest.fixture
def fake_two(tmp_path):
    for name, text in FILES_TWO.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


@pytest.mark.parametrize("args, covered, rc", [((), "", 1), ((), "1", 0), (("frameworks",), "", 0)])
def test_a_target_with_its_own_folder(fake_two, args, covered, rc):
    got, out = pytest_run(fake_two, "-p", "no:xdist", *args, COVER_COS="1", COVER_KCOS=covered)
    assert got == rc, out
    assert ("entry coverage (target keras): 1 torch table entries have no numeric test in kfolder/" in out
            and "  torch.cos" in out) == (rc == 1), out
    assert "entry coverage:" not in out, out   # Flax's own entries are all covered
