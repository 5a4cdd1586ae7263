"""nnport.io: reading sources and atomic writes."""
from __future__ import annotations

import os
import stat
import tempfile

import pytest
from hypothesis import given, settings, strategies as st

from nnport import io as nio
from nnport.io import atomic_write, read_source


def test_atomic_write_creates_file_with_exact_text(tmp_path):
    target = tmp_path / "out.py"
    text = "x = 'é'\r\ny = 2\n\nz = 3"  # CRLF, non-ASCII and no final newline all kept
    atomic_write(target, text)
    assert target.read_bytes() == text.encode("utf-8")
    assert os.listdir(tmp_path) == ["out.py"]


def test_atomic_write_replaces_and_keeps_mode(tmp_path):
    target = tmp_path / "out.py"
    target.write_text("old\n")
    target.chmod(0o640)
    atomic_write(str(target), "new\n")
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["out.py"]


def test_atomic_write_new_file_follows_umask(tmp_path):
    umask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "new.py", "a = 1\n")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.py").stat().st_mode) == 0o644


def test_failed_replace_leaves_original_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "out.py"
    target.write_text("original\n")

    def boom(src, dst):
        raise OSError("disk on fire")

    monkeypatch.setattr(nio.os, "replace", boom)
    with pytest.raises(OSError, match="disk on fire"):
        atomic_write(target, "new\n")
    assert target.read_text() == "original\n"
    assert os.listdir(tmp_path) == ["out.py"]


def test_failed_encoding_leaves_original_and_no_temp_file(tmp_path):
    target = tmp_path / "out.py"
    target.write_text("original\n")
    with pytest.raises(UnicodeEncodeError):
        atomic_write(target, "bad \ud800 surrogate\n")
    assert target.read_text() == "original\n"
    assert os.listdir(tmp_path) == ["out.py"]


def test_failed_write_to_new_path_creates_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(nio.os, "replace", lambda s, d: (_ for _ in ()).throw(OSError("no")))
    with pytest.raises(OSError):
        atomic_write(tmp_path / "new.py", "x\n")
    assert os.listdir(tmp_path) == []


def test_read_source_keeps_newlines_and_drops_bom(tmp_path):
    p = tmp_path / "m.py"
    p.write_bytes(b"\xef\xbb\xbfa = 1\r\nb = 2\n")
    assert read_source(p) == "a = 1\r\nb = 2\n"


def test_read_source_rejects_non_utf8(tmp_path):
    p = tmp_path / "latin1.py"
    p.write_bytes("s = 'caf\xe9'\n".encode("latin-1"))
    with pytest.raises(UnicodeDecodeError):
        read_source(p)


def test_read_source_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_source(tmp_path / "nope.py")


@settings(max_examples=50, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",))).filter(lambda s: not s.startswith("\ufeff")))
def test_write_then_read_roundtrip(text):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "f.py")
        atomic_write(path, text)
        assert read_source(path) == text
        assert os.listdir(d) == ["f.py"]


# ------------------------------------------------------------ temporary files of killed runs

def _temp_of(directory, name="out.py"):
    fd, path = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=nio.TEMP_SUFFIX)
    os.close(fd)
    return path


def test_atomic_write_temp_names_match_the_cleanup_pattern(tmp_path, monkeypatch):
    seen = []
    real = nio.os.replace
    monkeypatch.setattr(nio.os, "replace", lambda s, d: (seen.append(os.path.basename(s)), real(s, d)))
    atomic_write(tmp_path / "model.py", "x = 1\n")
    (name,) = seen
    assert nio.is_temp_name(name)


@pytest.mark.parametrize("name, ours", [
    (".m.py.abcd_123.nnport-tmp", True),
    (".m.py.ABCD_123.nnport-tmp", False),      # mkstemp never uses capitals
    ("m.py.abcd_123.nnport-tmp", False),       # not hidden
    (".m.py.abc.nnport-tmp", False),           # too short a random part
    (".m.py.abcd_123.nnport-tmp.py", False),
    ("notes.nnport-tmp", False),
])
def test_is_temp_name(name, ours):
    assert nio.is_temp_name(name) is ours


def test_remove_stale_temps_only_old_files_of_our_pattern(tmp_path):
    old = _temp_of(tmp_path)
    os.utime(old, (1000, 1000))
    new = _temp_of(tmp_path)   # another run writing now: younger than `before`
    os.utime(new, (5000, 5000))
    user = tmp_path / "mine.nnport-tmp"
    user.write_text("keep")
    os.utime(user, (1000, 1000))
    sub = tmp_path / "sub"
    sub.mkdir()
    deep = _temp_of(sub)
    os.utime(deep, (1000, 1000))
    os.mkdir(tmp_path / ".d.py.abcd_123.nnport-tmp")   # a folder of that name is not ours
    os.utime(tmp_path / ".d.py.abcd_123.nnport-tmp", (1000, 1000))
    assert nio.remove_stale_temps(tmp_path, before=2000) == [old]
    assert os.path.exists(new) and user.exists() and os.path.exists(deep)
    assert nio.remove_stale_temps(tmp_path, before=2000, recursive=True) == [deep]
    assert os.path.isdir(tmp_path / ".d.py.abcd_123.nnport-tmp")


def test_remove_stale_temps_of_a_missing_folder(tmp_path):
    assert nio.remove_stale_temps(tmp_path / "nope", before=1e12) == []
    assert nio.remove_stale_temps_in({str(tmp_path / "nope")}, recursive=True) == []


def test_refuse_existing(tmp_path):
    f = tmp_path / "r.json"
    assert nio.refuse_existing(str(f), force=False) is None
    f.write_text("{}")
    assert nio.refuse_existing(str(f), force=False, what="report") == \
        f"report {f} exists (use --force to overwrite)"
    assert nio.refuse_existing(str(f), force=True) is None
    assert nio.refuse_existing(None, force=False) is None
