"""nnport.project.cache: what an earlier run wrote, keyed by content, version and target."""
from __future__ import annotations

from nnport.project import cache as cache_mod
from nnport.project.cache import Cache
from nnport.project.files import digest

KEY = {"nnport": "1", "target": "flax", "source": None}


def saved(tmp_path, key=KEY):
    c = Cache(str(tmp_path), KEY)
    (tmp_path / "a.py").write_bytes(b"out")
    c.record("a.py", "h-in", {"a.py": digest(b"out")}, {"status": "converted"})
    (tmp_path / ".nnport-cache.json").write_text(c.dump())
    return Cache(str(tmp_path), key)


def test_fresh_needs_same_content_and_existing_outputs(tmp_path):
    c = saved(tmp_path)
    assert c.fresh("a.py", "h-in", str(tmp_path)) == {"status": "converted"}
    assert c.fresh("a.py", "other", str(tmp_path)) is None
    (tmp_path / "a.py").unlink()
    assert c.fresh("a.py", "h-in", str(tmp_path)) is None


def test_other_key_drops_results_but_keeps_ownership(tmp_path):
    c = saved(tmp_path, {**KEY, "target": "keras"})
    assert c.fresh("a.py", "h-in", str(tmp_path)) is None
    assert c.owns("a.py", str(tmp_path))


def test_owns_only_the_file_it_wrote(tmp_path):
    c = saved(tmp_path)
    assert c.owns("a.py", str(tmp_path)) and not c.owns("b.py", str(tmp_path))
    (tmp_path / "a.py").write_bytes(b"edited")
    assert not c.owns("a.py", str(tmp_path))


def test_unreadable_cache_is_empty(tmp_path):
    (tmp_path / ".nnport-cache.json").write_text("{not json")
    c = Cache(str(tmp_path), KEY)
    assert c.files == {} and c.written == {}


def test_project_known_is_kept_while_no_input_changes(tmp_path):
    c = Cache(str(tmp_path), KEY)
    calls = []

    def compute():
        calls.append(1)
        return {"a.py": ("Block",)}
    assert c.project_known({"a.py": "h1"}, compute) == {"a.py": ("Block",)}
    (tmp_path / ".nnport-cache.json").write_text(c.dump())
    again = Cache(str(tmp_path), KEY)
    assert again.project_known({"a.py": "h1"}, compute) == {"a.py": ("Block",)} and len(calls) == 1
    again.project_known({"a.py": "h2"}, compute)
    assert len(calls) == 2


def test_journal_makes_a_killed_runs_outputs_its_own(tmp_path):
    c = Cache(str(tmp_path), KEY)   # no cache file: a run killed before writing it
    c.intend("b.py", digest(b"written"))
    (tmp_path / "b.py").write_bytes(b"written")
    c.intend("c.py", digest(b"never written"))   # killed before this write: someone else's file stays
    (tmp_path / "c.py").write_bytes(b"theirs")
    again = Cache(str(tmp_path), KEY)
    assert again.owns("b.py", str(tmp_path)) and not again.owns("c.py", str(tmp_path))


def test_journal_line_cut_short_is_left_out(tmp_path):
    (tmp_path / cache_mod.JOURNAL).write_text('{"out": "a.py", "sha256": "h1"}\n{"out": "b.py", "sha2')
    assert cache_mod.read_journal(str(tmp_path / cache_mod.JOURNAL)) == {"a.py": "h1"}
    assert cache_mod.read_journal(str(tmp_path / "missing")) == {}


def test_journal_is_newer_than_the_cache_and_closed_after_it(tmp_path):
    c = saved(tmp_path)
    c.intend("a.py", digest(b"rewritten"))
    (tmp_path / "a.py").write_bytes(b"rewritten")
    assert Cache(str(tmp_path), KEY).owns("a.py", str(tmp_path))   # the cache alone has the old hash
    (tmp_path / ".nnport-cache.json").write_text(c.dump())
    c.close_journal()
    assert not (tmp_path / cache_mod.JOURNAL).exists()
    assert Cache(str(tmp_path), KEY).owns("a.py", str(tmp_path))
    c.close_journal()   # twice: nothing to remove
