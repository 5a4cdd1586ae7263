"""nnport.gitstate: which files git has no committed copy of, from real `git status` runs."""
from __future__ import annotations

from git_repo import git, needs_git, repo
from nnport import gitstate

pytestmark = needs_git


def test_committed_files_have_nothing_to_report(tmp_path):
    root = repo(tmp_path / "r", {"a.py": "a = 1\n", "pkg/b.py": "b = 1\n"})
    assert gitstate.uncommitted([str(root / "a.py"), str(root / "pkg/b.py")]) == {}


def test_modified_staged_untracked_ignored_and_deleted(tmp_path):
    root = repo(tmp_path / "r", {"mod.py": "1\n", "staged.py": "1\n", "both.py": "1\n", "ok.py": "1\n",
                                 ".gitignore": "gen_*.py\n", "gone.py": "1\n"})
    (root / "mod.py").write_text("2\n")
    (root / "staged.py").write_text("2\n")
    git(root, "add", "staged.py")
    (root / "both.py").write_text("2\n")
    git(root, "add", "both.py")
    (root / "both.py").write_text("3\n")
    (root / "new dir").mkdir()
    (root / "new dir/new file.py").write_text("x\n")   # spaces: -z keeps the name as it is
    (root / "gen_x.py").write_text("x\n")
    (root / "gone.py").unlink()
    paths = {n: str(root / n) for n in ("mod.py", "staged.py", "both.py", "ok.py", "new dir/new file.py",
                                        "gen_x.py", "gone.py")}
    assert gitstate.uncommitted(list(paths.values())) == {
        paths["mod.py"]: "modified", paths["staged.py"]: "staged, not committed", paths["both.py"]: "modified",
        paths["new dir/new file.py"]: "untracked", paths["gen_x.py"]: "ignored by git, not committed",
        paths["gone.py"]: "deleted"}


def test_renamed_file_is_staged(tmp_path):
    root = repo(tmp_path / "r", {"old.py": "x = 1\n", "other.py": "y = 1\n"})
    git(root, "mv", "old.py", "new.py")
    new = str(root / "new.py")
    assert gitstate.uncommitted([new, str(root / "other.py")]) == {new: "staged, not committed"}


def test_outside_git_nothing_to_check(tmp_path):
    (tmp_path / "plain").mkdir()
    f = tmp_path / "plain/m.py"
    f.write_text("x\n")
    assert gitstate.work_tree(str(tmp_path / "plain")) is None
    assert gitstate.uncommitted([str(f)]) == {}


def test_files_of_two_work_trees_and_relative_paths(tmp_path, monkeypatch):
    one = repo(tmp_path / "one", {"a.py": "1\n"})
    two = repo(tmp_path / "two", {"b.py": "1\n"})
    (two / "b.py").write_text("2\n")
    monkeypatch.chdir(tmp_path)
    assert gitstate.uncommitted(["one/a.py", "two/b.py"]) == {"two/b.py": "modified"}
    assert gitstate.work_tree(str(one)) is not None


def test_without_git_nothing_can_be_checked(tmp_path, monkeypatch):
    root = repo(tmp_path / "r", {"a.py": "1\n"})
    (root / "a.py").write_text("2\n")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert gitstate.uncommitted([str(root / "a.py")]) == {}


def test_git_status_failing_counts_as_at_risk(tmp_path, monkeypatch):
    root = repo(tmp_path / "r", {"a.py": "1\n"})
    real = gitstate._git
    monkeypatch.setattr(gitstate, "_git", lambda args, cwd: None if args[0] == "status" else real(args, cwd))
    assert gitstate.uncommitted([str(root / "a.py")]) == {str(root / "a.py"): "git status failed"}
