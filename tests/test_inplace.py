"""`nnport convert --in-place` (nnport.inplace): git checks, backups and `nnport restore`, as subprocesses
of `python -m nnport` with the real translator."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from cli_run import nnport_cli
from git_repo import git, needs_git, repo

MODEL = '''\
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(x)
'''
PLAIN = "def helper(x):\n    return x + 1\n"   # no framework: the translation leaves it as it is


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(root).parts}


def backup_folder(stderr: str) -> str:
    (folder,) = re.findall(r"backed up in (\S+) \(undo: nnport restore \1\)", stderr)
    return folder


@needs_git
def test_directory_with_uncommitted_changes_is_refused_then_converted_and_restored(tmp_path):
    root = repo(tmp_path / "proj", {"models/a.py": MODEL, "models/c.py": MODEL.replace("Net", "Other"),
                                    "notes.py": PLAIN})
    (root / "models/a.py").write_text(MODEL + "# my change\n")   # modified
    (root / "models/b.py").write_text(MODEL)                      # untracked
    (root / "notes.py").write_text(PLAIN + "# edited\n")          # modified, but nnport would not change it
    before = tree(root)
    r = nnport_cli("convert", ".", "--to", "flax", "--in-place", cwd=root)
    assert r.returncode == 2, r.stderr
    assert "refusing to convert in place files with uncommitted changes" in r.stderr
    listed = [line for line in r.stderr.splitlines() if line.startswith("  ")]
    assert listed == ["  ./models/a.py (modified)", "  ./models/b.py (untracked)"]   # not c.py, notes.py
    assert "Traceback" not in r.stderr
    assert tree(root) == before   # nothing written, no backup folder either

    git(root, "add", "-A")
    git(root, "commit", "-qm", "mine")
    r = nnport_cli("convert", ".", "--to", "flax", "--in-place", cwd=root)
    assert r.returncode == 0, r.stderr
    folder = backup_folder(r.stderr)
    assert Path(folder).parent == root / ".nnport/backup" and "originals of 3 files" in r.stderr
    for rel in ("models/a.py", "models/b.py", "models/c.py"):
        assert "nnx.Linear" in (root / rel).read_text()
    assert (root / "notes.py").read_bytes() == before["notes.py"]
    # git sees the converted files, not the backups (.nnport/.gitignore)
    assert sorted(git(root, "status", "--porcelain").splitlines()) == \
        [" M models/a.py", " M models/b.py", " M models/c.py"]

    r = nnport_cli("restore", cwd=root)
    assert r.returncode == 0 and f"restored 3 files from {folder}" in r.stderr.replace("./", str(root) + "/")
    assert {k: v for k, v in tree(root).items() if not k.startswith(".nnport")} == before
    assert git(root, "status", "--porcelain") == ""


@needs_git
def test_single_dirty_file_needs_force_and_its_uncommitted_text_is_kept(tmp_path):
    root = repo(tmp_path / "proj", {"m.py": MODEL})
    dirty = MODEL + "# not committed anywhere\n"
    (root / "m.py").write_text(dirty)
    r = nnport_cli("convert", "m.py", "--to", "flax", "--in-place", cwd=root)
    assert r.returncode == 2 and "  m.py (modified)" in r.stderr
    assert (root / "m.py").read_text() == dirty and not (root / ".nnport").exists()
    r = nnport_cli("convert", str(root / "m.py"), "--to", "flax", "--in-place", "--force", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    folder = backup_folder(r.stderr)
    assert "nnx.Linear" in (root / "m.py").read_text()
    assert (Path(folder) / "m.py").read_text() == dirty
    (root / "m.py").write_text((root / "m.py").read_text() + "# edited after the conversion\n")
    r = nnport_cli("restore", folder, cwd=tmp_path)
    assert r.returncode == 2 and "changed since nnport converted it (use --force" in r.stderr
    assert "nothing restored" in r.stderr
    r = nnport_cli("restore", folder, "--force", cwd=tmp_path)
    assert r.returncode == 0 and (root / "m.py").read_text() == dirty


def test_outside_git_in_place_is_allowed_and_backed_up(tmp_path):
    (tmp_path / "m.py").write_text(MODEL)
    r = nnport_cli("convert", "m.py", "--to", "flax", "--in-place", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (Path(backup_folder(r.stderr)) / "m.py").read_text() == MODEL


def test_restore_without_a_backup_is_exit_2(tmp_path):
    r = nnport_cli("restore", cwd=tmp_path)
    assert r.returncode == 2 and "no backup in ." in r.stderr


def test_ctrl_c_while_replacing_says_how_to_undo(tmp_path, monkeypatch, capsys):
    """Interrupted between two replacements: some inputs converted, all originals in the backup."""
    import nnport.io as nio
    from nnport import backup, inplace

    for name in ("a.py", "b.py", "c.py"):
        (tmp_path / name).write_text(MODEL)
    real, calls = nio.atomic_write, []

    def second_is_interrupted(path, text):
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(path, text)
    monkeypatch.setattr(nio, "atomic_write", second_is_interrupted)
    changes = [(str(tmp_path / n), MODEL, "converted\n") for n in ("a.py", "b.py", "c.py")]
    with pytest.raises(KeyboardInterrupt):
        inplace.apply(changes, [str(tmp_path)], force=True)
    err = capsys.readouterr().err
    assert "interrupted after replacing 1 of 3 files" in err
    folder = backup.find(str(tmp_path))
    assert f"nnport restore {folder} puts the originals back" in err
    assert [(tmp_path / n).read_text() for n in ("a.py", "b.py", "c.py")] == ["converted\n", MODEL, MODEL]
    restored, problems, same = backup.restore(folder)
    assert problems == [] and restored == [str(tmp_path / "a.py")] and len(same) == 2
    assert all((tmp_path / n).read_text() == MODEL for n in ("a.py", "b.py", "c.py"))
