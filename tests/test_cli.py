"""nnport.cli: `nnport convert` file handling, exit codes, reports.

Most tests replace `nnport.convert` with a fake so that they test the CLI alone; the tests marked
"real engine" at the bottom run the actual translator end to end.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import nnport
from nnport import cli
from nnport import io as nio
from nnport.diagnostics import Diagnostic
from nnport.errors import SourceSyntaxError


@dataclass
class FakeConversion:
    code: str
    diagnostics: list = field(default_factory=list)


def fake_convert(code, *, to, source=None, filename="<string>"):
    """Syntax-checks like the engine, renames torch->flax, warns on each UNSUPPORTED."""
    try:
        compile(code, filename, "exec")
    except SyntaxError as e:
        raise SourceSyntaxError(filename, e.lineno or 0, e.offset or 0, e.msg) from None
    diags = [Diagnostic("warning", i, line.index("UNSUPPORTED") + 1, "cannot translate UNSUPPORTED",
                        api="torch.UNSUPPORTED", filename=filename)
             for i, line in enumerate(code.splitlines(), 1) if "UNSUPPORTED" in line]
    return FakeConversion(code.replace("torch", "flax"), diags)


@pytest.fixture
def fake(monkeypatch, tmp_path):
    monkeypatch.setattr(nnport, "convert", fake_convert)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(path, text):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


CLEAN = "import torch\nx = torch.zeros(3)\n"
ISSUE = "import torch\n\ny = torch.UNSUPPORTED(1)\n"
BROKEN = "import torch\n\ndef f(:\n    pass\n"


# ------------------------------------------------------------------------ single file, exit codes

def test_single_file_goes_to_stdout_exit_0(fake, capsys):
    write("m.py", CLEAN)
    code, out, err = run(capsys, "convert", "m.py", "--to", "flax")
    assert code == 0
    assert out == "import flax\nx = flax.zeros(3)\n"
    assert err.strip().splitlines()[-1] == "1 files converted, 0 issues need attention"
    assert os.listdir(fake) == ["m.py"]


def test_issues_give_exit_1_and_located_diagnostics(fake, capsys):
    write("m.py", ISSUE)
    code, out, err = run(capsys, "convert", "m.py", "--to", "flax", "--from", "torch")
    assert code == 1
    assert "m.py:3:11: warning: cannot translate UNSUPPORTED" in err.splitlines()
    assert "1 files converted, 1 issues need attention" in err


def test_info_diagnostics_are_not_issues(fake, capsys, monkeypatch):
    def info_convert(code, **kw):
        return FakeConversion(code, [Diagnostic("info", 1, 1, "note", filename=kw["filename"])])
    monkeypatch.setattr(nnport, "convert", info_convert)
    write("m.py", CLEAN)
    code, _, err = run(capsys, "convert", "m.py", "--to", "flax")
    assert code == 0
    assert "m.py:1:1: info: note" in err


def test_syntax_error_reports_location_and_writes_nothing(fake, capsys):
    write("bad.py", BROKEN)
    code, out, err = run(capsys, "convert", "bad.py", "--to", "flax", "-o", "bad_flax.py")
    assert code == 2
    assert re.search(r"^bad\.py:3:\d+: error: syntax error: ", err, re.M)
    assert out == ""
    assert sorted(os.listdir(fake)) == ["bad.py"]


def test_syntax_error_in_one_file_does_not_stop_the_others(fake, capsys):
    write("src/a.py", CLEAN)
    write("src/b.py", BROKEN)
    code, _, err = run(capsys, "convert", "src", "--to", "flax", "--out-dir", "out")
    assert code == 2
    assert (fake / "out/a.py").exists() and not (fake / "out/b.py").exists()
    assert "1 files converted, 0 issues need attention, 1 files failed" in err


def test_non_utf8_file_is_a_clear_error(fake, capsys):
    (fake / "latin.py").write_bytes("s = 'caf\xe9'\n".encode("latin-1"))
    code, out, err = run(capsys, "convert", "latin.py", "--to", "flax", "-o", "o.py")
    assert code == 2
    assert "latin.py:1:9: error: cannot read: not valid UTF-8" in err
    assert not (fake / "o.py").exists()


def test_missing_input_is_an_error(fake, capsys):
    code, _, err = run(capsys, "convert", "nope.py", "--to", "flax")
    assert code == 2
    assert "nope.py: error: no such file or directory" in err


def test_unreadable_file_is_an_error(fake, capsys, monkeypatch):
    def denied(path):
        raise PermissionError(13, "Permission denied", str(path))
    monkeypatch.setattr(nio, "read_source", denied)
    write("m.py", CLEAN)
    code, _, err = run(capsys, "convert", "m.py", "--to", "flax", "-o", "o.py")
    assert code == 2 and "m.py: error: cannot read: Permission denied" in err
    assert not (fake / "o.py").exists()


def test_engine_crash_is_reported_per_file(fake, capsys, monkeypatch):
    def crash(code, **kw):
        raise RuntimeError("bug")
    monkeypatch.setattr(nnport, "convert", crash)
    write("m.py", CLEAN)
    code, _, err = run(capsys, "convert", "m.py", "--to", "flax")
    assert code == 2 and "m.py: error: internal error: RuntimeError: bug" in err


# ------------------------------------------------------------------------------- output files

def test_output_file_written_atomically(fake, capsys):
    write("m.py", CLEAN)
    code, out, _ = run(capsys, "convert", "m.py", "--to", "flax", "-o", "sub/m_flax.py")
    assert code == 0 and out == ""
    assert (fake / "sub/m_flax.py").read_text() == "import flax\nx = flax.zeros(3)\n"
    assert os.listdir(fake / "sub") == ["m_flax.py"]
    assert (fake / "m.py").read_text() == CLEAN


def test_existing_output_needs_force(fake, capsys):
    write("m.py", CLEAN)
    write("o.py", "keep\n")
    code, _, err = run(capsys, "convert", "m.py", "--to", "flax", "-o", "o.py")
    assert code == 2 and "use --force" in err
    assert (fake / "o.py").read_text() == "keep\n"
    code, _, _ = run(capsys, "convert", "m.py", "--to", "flax", "-o", "o.py", "--force")
    assert code == 0 and (fake / "o.py").read_text().startswith("import flax")


def test_refuses_to_overwrite_an_input_even_with_force(fake, capsys):
    write("m.py", CLEAN)
    write("n.py", CLEAN)
    code, _, err = run(capsys, "convert", "m.py", "--to", "flax", "-o", "./m.py", "--force")
    assert code == 2 and "refusing to overwrite input file" in err
    assert (fake / "m.py").read_text() == CLEAN
    # --out-dir pointing at the input directory would overwrite every input
    code, _, err = run(capsys, "convert", ".", "--to", "flax", "--out-dir", ".", "--force")
    assert code == 2
    assert (fake / "m.py").read_text() == CLEAN and (fake / "n.py").read_text() == CLEAN


def test_in_place_overwrites_inputs(fake, capsys):
    write("m.py", CLEAN)
    code, out, _ = run(capsys, "convert", "m.py", "--to", "flax", "--in-place")
    assert code == 0 and out == ""
    assert (fake / "m.py").read_text() == "import flax\nx = flax.zeros(3)\n"
    assert sorted(os.listdir(fake)) == [".nnport", "m.py"]   # the original's backup (test_inplace.py)
    (backup,) = (fake / ".nnport/backup").iterdir()
    assert (backup / "m.py").read_text() == CLEAN


def test_failed_write_keeps_old_output_and_leaves_no_temp(fake, capsys, monkeypatch):
    write("m.py", CLEAN)
    write("out/m.py", "old\n")

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(nio.os, "replace", boom)
    code, _, err = run(capsys, "convert", "m.py", "--to", "flax", "--out-dir", "out", "--force")
    assert code == 2 and "cannot write out/m.py: No space left on device" in err
    assert os.listdir(fake / "out") == ["m.py"]
    assert (fake / "out/m.py").read_text() == "old\n"


def test_out_dir_mirrors_relative_paths(fake, capsys):
    write("models/a.py", CLEAN)
    write("models/sub/b.py", ISSUE)
    write("models/sub/notes.txt", "not python")
    write("models/__pycache__/c.py", CLEAN)
    write("models/.hidden/d.py", CLEAN)
    write("single.py", CLEAN)
    code, out, err = run(capsys, "convert", "models", "single.py", "--to", "flax",
                         "--out-dir", "flax_out")
    assert code == 1 and out == ""
    written = sorted(str(p.relative_to(fake / "flax_out")) for p in (fake / "flax_out").rglob("*")
                     if p.is_file())
    assert written == ["a.py", "single.py", "sub/b.py"]
    assert "models/sub/b.py:3:11: warning:" in err
    assert "3 files converted, 1 issues need attention" in err


def test_out_dir_inside_input_dir_is_not_reconverted(fake, capsys):
    write("models/a.py", CLEAN)
    assert run(capsys, "convert", "models", "--to", "flax", "--out-dir", "models/flax")[0] == 0
    code, _, err = run(capsys, "convert", "models", "--to", "flax", "--out-dir", "models/flax",
                       "--force")
    assert code == 0 and "1 files converted" in err
    assert not (fake / "models/flax/flax").exists()


def test_several_inputs_need_a_destination(fake, capsys):
    write("a.py", CLEAN)
    write("b.py", CLEAN)
    code, out, err = run(capsys, "convert", "a.py", "b.py", "--to", "flax")
    assert code == 2 and "--out-dir" in err and out == ""
    code, _, err = run(capsys, "convert", "a.py", "b.py", "--to", "flax", "-o", "x.py")
    assert code == 2 and not (fake / "x.py").exists()


def test_output_options_are_exclusive(fake, capsys):
    write("a.py", CLEAN)
    with pytest.raises(SystemExit) as e:
        cli.main(["convert", "a.py", "--to", "flax", "-o", "x.py", "--in-place"])
    assert e.value.code == 2


def test_unknown_framework_is_a_usage_error(fake, capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["convert", "a.py", "--to", "tensorflow1"])
    assert e.value.code == 2


# -------------------------------------------------------------------------------- diff, report

def test_diff_prints_unified_diff_and_writes_nothing(fake, capsys):
    write("m.py", CLEAN)
    code, out, _ = run(capsys, "convert", "m.py", "--to", "flax", "--diff")
    assert code == 0
    assert out.startswith("--- a/m.py\n+++ b/m.py\n@@")
    assert "-import torch\n" in out and "+import flax\n" in out
    assert os.listdir(fake) == ["m.py"]


def test_report_json(fake, capsys):
    write("src/a.py", CLEAN)
    write("src/b.py", ISSUE)
    write("src/c.py", BROKEN)
    code, _, _ = run(capsys, "convert", "src", "--to", "flax", "--out-dir", "out",
                     "--report", "r/report.json")
    assert code == 2
    report = json.loads((fake / "r/report.json").read_text())
    assert report["summary"] == {"files": 2, "issues": 1, "errors": 1}
    by_path = {f["path"]: f for f in report["files"]}
    assert set(by_path) == {"src/a.py", "src/b.py", "src/c.py"}
    assert by_path["src/a.py"] == {"path": "src/a.py", "output": "out/a.py", "status": "converted",
                                   "diagnostics": []}
    (diag,) = by_path["src/b.py"]["diagnostics"]
    assert diag == {"severity": "warning", "line": 3, "col": 11,
                    "message": "cannot translate UNSUPPORTED", "api": "torch.UNSUPPORTED",
                    "filename": "src/b.py"}
    broken = by_path["src/c.py"]
    assert broken["status"] == "error" and broken["output"] is None
    assert broken["diagnostics"][0]["severity"] == "error"
    assert broken["diagnostics"][0]["line"] == 3
    assert broken["diagnostics"][0]["message"].startswith("syntax error: ")


def test_report_never_overwrites_an_input(fake, capsys):
    write("m.py", CLEAN)
    code, _, err = run(capsys, "convert", "m.py", "--to", "flax", "--diff", "--report", "m.py")
    assert code == 2 and (fake / "m.py").read_text() == CLEAN


# ------------------------------------------------------------------------------- entry points

def _console_script():
    script = Path(sys.executable).parent / "nnport"
    return [str(script)] if script.exists() else [sys.executable, "-m", "nnport"]


@pytest.mark.parametrize("cmd", [
    pytest.param([sys.executable, "-m", "nnport"], id="python -m nnport"),
    pytest.param([sys.executable, "-m", "nnport.cli"], id="python -m nnport.cli"),
    pytest.param(_console_script(), id="console script"),
])
def test_help_runs(cmd):
    r = subprocess.run(cmd + ["--help"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "convert" in r.stdout
    r = subprocess.run(cmd + ["convert", "--help"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "--out-dir" in r.stdout


def test_version():
    r = subprocess.run([sys.executable, "-m", "nnport", "--version"], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.strip() == f"nnport {nnport.__version__}"


def test_no_command_is_a_usage_error(capsys):
    assert cli.main([]) == 2


def test_cli_import_is_light():
    """`nnport --help` must start fast: importing the CLI loads no translator or framework."""
    heavy = ["libcst", "torch", "jax", "flax", "keras", "tensorflow", "numpy", "nnport.translate"]
    r = subprocess.run([sys.executable, "-c",
                        f"import sys, nnport.cli; print([m for m in {heavy!r} if m in sys.modules])"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


# ------------------------------------------------------------------- real engine, end to end

TINY_TORCH = '''\
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    """A tiny model."""

    def __init__(self, d_in=4, d_out=2):
        super().__init__()
        self.fc = nn.Linear(d_in, d_out)

    def forward(self, x):
        return F.relu(self.fc(x))
'''


def test_real_engine_stdout_subprocess(tmp_path):
    src = tmp_path / "tiny.py"
    src.write_text(TINY_TORCH)
    r = subprocess.run(_console_script() + ["convert", str(src), "--to", "flax"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "nnx.Linear" in r.stdout
    assert "torch" not in r.stdout
    assert "1 files converted, 0 issues need attention" in r.stderr
    compile(r.stdout, "tiny_flax.py", "exec")


def test_real_engine_output_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write("tiny.py", TINY_TORCH)
    code, out, err = run(capsys, "convert", "tiny.py", "--to", "flax", "--from", "torch",
                         "-o", "tiny_flax.py", "--report", "r.json")
    assert code == 0, err
    text = (tmp_path / "tiny_flax.py").read_text()
    assert "nnx.Linear" in text and "torch" not in text
    assert '"""A tiny model."""' in text
    assert json.loads((tmp_path / "r.json").read_text())["summary"]["files"] == 1


def test_real_engine_syntax_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write("bad.py", BROKEN)
    code, out, err = run(capsys, "convert", "bad.py", "--to", "flax", "-o", "bad_flax.py")
    assert code == 2
    assert re.search(r"^bad\.py:3:\d+: error: syntax error: ", err, re.M), err
    assert not (tmp_path / "bad_flax.py").exists()
