"""Every file nnport writes besides its outputs (scan -o, convert --report, verify --json/--html) is
refused when it exists, unless --force: as subprocesses of `python -m nnport`."""
from __future__ import annotations

import json

import pytest

from cli_run import nnport_cli

MODEL = "import torch.nn as nn\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n" \
        "        self.fc = nn.Linear(3, 2)\n\n    def forward(self, x):\n        return self.fc(x)\n"
MINE = "my notes, not a report\n"


@pytest.fixture
def project(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src/m.py").write_text(MODEL)
    return tmp_path


def test_scan_output_needs_force(project):
    (project / "plan.md").write_text(MINE)
    r = nnport_cli("scan", "src", "--format", "md", "-o", "plan.md", cwd=project)
    assert r.returncode == 2 and r.stderr == "nnport: error: output plan.md exists (use --force to overwrite)\n"
    assert (project / "plan.md").read_text() == MINE
    r = nnport_cli("scan", "src", "--format", "md", "-o", "plan.md", "--force", cwd=project)
    assert r.returncode == 0, r.stderr
    assert "torch.nn.Linear" in (project / "plan.md").read_text()
    assert sorted(p.name for p in project.iterdir()) == ["plan.md", "src"]   # no temporary file left


def test_convert_report_needs_force_and_nothing_is_written(project):
    (project / "r.json").write_text(MINE)
    r = nnport_cli("convert", "src/m.py", "--to", "flax", "-o", "out.py", "--report", "r.json", cwd=project)
    assert r.returncode == 2 and "nnport: error: report r.json exists (use --force to overwrite)" in r.stderr
    assert (project / "r.json").read_text() == MINE and not (project / "out.py").exists()
    r = nnport_cli("convert", "src/m.py", "--to", "flax", "-o", "out.py", "--report", "r.json", "--force",
                   cwd=project)
    assert r.returncode == 0, r.stderr
    assert json.loads((project / "r.json").read_text())["summary"] == {"files": 1, "issues": 0, "errors": 0}


def test_project_report_is_replaced_only_while_nnport_wrote_it(project):
    args = ("convert", "src", "--to", "flax", "--out-dir", "dst", "-j", "1", "--report", "r.json")
    r = nnport_cli(*args, cwd=project)
    assert r.returncode == 0, r.stderr
    first = json.loads((project / "r.json").read_text())
    r = nnport_cli(*args, cwd=project)   # its own report from the last run: replaced, no --force needed
    assert r.returncode == 0, r.stderr
    assert json.loads((project / "r.json").read_text()) == first
    (project / "r.json").write_text(MINE)
    dst = {p.name: p.stat().st_mtime_ns for p in (project / "dst").iterdir()}
    r = nnport_cli(*args, cwd=project)
    assert r.returncode == 2 and "nnport: error: report r.json exists (use --force to overwrite)" in r.stderr
    assert (project / "r.json").read_text() == MINE
    assert {p.name: p.stat().st_mtime_ns for p in (project / "dst").iterdir()} == dst   # nothing written


@pytest.mark.parametrize("flag", ["--json", "--html"])
def test_verify_reports_need_force(project, flag):
    (project / "res").write_text(MINE)
    r = nnport_cli("verify", "src/m.py", "--to", "flax", "--inputs", "float32[2,3]", flag, "res", cwd=project)
    assert r.returncode == 2 and "nnport: error: output res exists (use --force to overwrite)" in r.stderr
    assert "verdict" not in r.stdout   # refused before anything ran
    assert (project / "res").read_text() == MINE


def test_stale_temporary_files_in_an_output_folder_are_removed(project):
    import os
    import tempfile
    import time

    from nnport.io import TEMP_SUFFIX
    (project / "src/n.py").write_text(MODEL.replace("Net", "Other"))
    (project / "out").mkdir()
    fds = [tempfile.mkstemp(dir=project / "out", prefix=".m.py.", suffix=TEMP_SUFFIX) for _ in range(2)]
    for fd, _ in fds:
        os.close(fd)
    old, new = (path for _, path in fds)
    os.utime(old, (time.time() - 60,) * 2)   # a killed run's; `new` is as young as a run writing now
    os.utime(new, (time.time() + 3600,) * 2)
    r = nnport_cli("convert", "src/m.py", "src/n.py", "--to", "flax", "--out-dir", "out", cwd=project)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (project / "out").iterdir()) == sorted(["m.py", "n.py", os.path.basename(new)])
