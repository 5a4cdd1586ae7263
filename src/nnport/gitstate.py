"""Which files have changes git does not hold yet: what `--in-place` must not overwrite without --force.

Runs the `git` command (no GitPython): `git rev-parse --show-toplevel` finds each file's work tree and
`git status --porcelain -z --ignored --untracked-files=all -- FILES` lists the files that differ from
the last commit: modified or staged (in the index but not committed), untracked and ignored (git has
no copy of those at all). A file outside any git work tree, or a machine without git, has nothing to
check: nnport's backup (backup.py) is then the only copy of the original.
"""
from __future__ import annotations

import os
import subprocess

CHUNK = 200   # paths per git command (command-line length)


def _git(args: list[str], cwd: str) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):   # no git, or it hangs
        return None


def work_tree(directory: str) -> str | None:
    """The top folder of the git work tree holding `directory`, or None outside git."""
    done = _git(["rev-parse", "--show-toplevel"], directory)
    if done is None or done.returncode != 0:
        return None
    top = done.stdout.decode("utf-8", "surrogateescape").strip()
    return os.path.realpath(top) if top else None


def describe(code: str) -> str:
    """A porcelain XY status in words."""
    if code == "??":
        return "untracked"
    if code == "!!":
        return "ignored by git, not committed"
    if code[0] not in " ?" and code[1] == " ":
        return "staged, not committed"
    if code[0] == "D" or code[1] == "D":
        return "deleted"
    return "modified"


def _parse(out: bytes) -> dict[str, str]:
    """{path relative to the work tree: XY} from `git status --porcelain -z`."""
    found: dict[str, str] = {}
    parts = out.split(b"\0")
    i = 0
    while i < len(parts):
        entry = parts[i]
        i += 1
        if len(entry) < 4:
            continue
        code, path = entry[:2].decode(), os.fsdecode(entry[3:])
        found[path] = code
        if code[0] in "RC":   # a rename or copy: the old path follows
            i += 1
    return found


def uncommitted(paths: list[str]) -> dict[str, str]:
    """{path (as given): its change in words} for each of `paths` git has no committed copy of."""
    by_tree: dict[str, dict[str, str]] = {}
    tops: dict[str, str | None] = {}
    for path in paths:
        real = os.path.realpath(path)
        folder = os.path.dirname(real)
        if folder not in tops:
            tops[folder] = work_tree(folder)
        top = tops[folder]
        if top is not None:
            by_tree.setdefault(top, {})[os.path.relpath(real, top).replace(os.sep, "/")] = path
    changed: dict[str, str] = {}
    for top, rels in by_tree.items():
        names = sorted(rels)
        for start in range(0, len(names), CHUNK):
            chunk = names[start:start + CHUNK]
            done = _git(["status", "--porcelain=v1", "-z", "--ignored=matching", "--untracked-files=all",
                         "--", *chunk], top)
            if done is None or done.returncode != 0:   # cannot tell: treat every file as at risk
                changed.update({rels[r]: "git status failed" for r in chunk})
                continue
            for rel, code in _parse(done.stdout).items():
                if rel in rels:
                    changed[rels[rel]] = describe(code)
    return changed
