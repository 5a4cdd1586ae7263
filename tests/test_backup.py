"""nnport.backup: the originals --in-place replaces, and putting them back byte for byte."""
from __future__ import annotations

import json
import os
import stat

from nnport import backup
from nnport.project.files import digest

ORIGINALS = {"m.py": b"\xef\xbb\xbfimport torch\r\nx = 1\r\n", "pkg/deep/n.py": b"y = 2\n\n\n# no newline"}


def converted(root, files=ORIGINALS):
    """Write `files` under root, back them up, then 'convert' them (as inplace.apply does)."""
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    os.chmod(root / "m.py", 0o750)
    folder = backup.create(str(root), [(str(root / rel), data, b"new " + data) for rel, data in files.items()])
    for rel, data in files.items():
        (root / rel).write_bytes(b"new " + data)
    return folder


def test_layout_manifest_and_gitignore(tmp_path):
    folder = converted(tmp_path)
    assert os.path.dirname(folder) == str(tmp_path / ".nnport/backup")
    manifest = json.loads((tmp_path / ".nnport/backup" / os.path.basename(folder) / "manifest.json").read_text())
    assert [f["path"] for f in manifest["files"]] == ["m.py", "pkg/deep/n.py"]
    assert manifest["files"][0]["sha256"] == digest(ORIGINALS["m.py"])
    assert manifest["files"][0]["written_sha256"] == digest(b"new " + ORIGINALS["m.py"])
    assert manifest["files"][0]["mode"] == 0o750
    assert (tmp_path / ".nnport/.gitignore").read_text().splitlines()[-1] == "*"
    for rel, data in ORIGINALS.items():
        assert (tmp_path / ".nnport/backup" / os.path.basename(folder) / rel).read_bytes() == data


def test_restore_gives_the_originals_byte_for_byte_and_their_mode(tmp_path):
    folder = converted(tmp_path)
    restored, problems, same = backup.restore(folder)
    assert problems == [] and same == [] and len(restored) == 2
    for rel, data in ORIGINALS.items():
        assert (tmp_path / rel).read_bytes() == data
    assert stat.S_IMODE(os.stat(tmp_path / "m.py").st_mode) == 0o750
    assert backup.restore(folder)[2] == [str(tmp_path / r) for r in ORIGINALS]   # again: already original


def test_restore_refuses_files_edited_since_unless_force(tmp_path):
    folder = converted(tmp_path)
    (tmp_path / "m.py").write_bytes(b"my edits after the conversion\n")
    restored, problems, _ = backup.restore(folder)
    assert restored == [] and "m.py changed since nnport converted it (use --force" in problems[0]
    assert (tmp_path / "pkg/deep/n.py").read_bytes() == b"new " + ORIGINALS["pkg/deep/n.py"]   # nothing written
    restored, problems, _ = backup.restore(folder, force=True)
    assert problems == [] and (tmp_path / "m.py").read_bytes() == ORIGINALS["m.py"]


def test_restore_puts_back_a_deleted_file_but_not_a_damaged_backup(tmp_path):
    folder = converted(tmp_path)
    (tmp_path / "m.py").unlink()
    (tmp_path / ".nnport/backup" / os.path.basename(folder) / "pkg/deep/n.py").write_bytes(b"damaged")
    restored, problems, _ = backup.restore(folder)
    assert restored == [] and problems == ["pkg/deep/n.py: the backup does not match its SHA-256 in manifest.json"]


def test_find_a_folder_or_the_latest_of_a_root(tmp_path):
    first = converted(tmp_path)
    second = converted(tmp_path)   # the same second: a -2 folder
    assert first != second
    assert backup.find(str(tmp_path)) == second
    assert backup.find(first) == first
    assert backup.find(str(tmp_path / "pkg")) is None
    names = ["20261202T101010Z", "20261202T101010Z-2", "20261202T101010Z-10", "20261201T235959Z-3"]
    for n in names:
        (tmp_path / "b" / ".nnport/backup" / n).mkdir(parents=True)
        (tmp_path / "b" / ".nnport/backup" / n / "manifest.json").write_text("{}")
    assert backup.find(str(tmp_path / "b")).endswith("20261202T101010Z-10")


def test_backup_root_is_the_common_folder_of_the_paths(tmp_path, monkeypatch):
    (tmp_path / "a/b").mkdir(parents=True)
    (tmp_path / "a/b/m.py").write_text("")
    (tmp_path / "a/c.py").write_text("")
    monkeypatch.chdir(tmp_path)
    assert backup.backup_root(["a/b/m.py"]) == str(tmp_path / "a/b")
    assert backup.backup_root(["a/b", "a/c.py"]) == str(tmp_path / "a")
    assert backup.backup_root(["a"]) == str(tmp_path / "a")
