"""Backups of the files `--in-place` replaces, and `nnport restore` to put them back.

Before any input is replaced, its original bytes go to `ROOT/.nnport/backup/<UTC time>/<path>`, where
ROOT is the folder named on the command line (a file's own folder; for several PATHs their common
folder) and <path> is the file's path relative to ROOT. `manifest.json` beside them lists each file
with the SHA-256 of the original and of what nnport wrote. `ROOT/.nnport/.gitignore` ("*") keeps the
backups out of `git status`; nnport's own walks skip hidden folders, so they are never converted.

`nnport restore [DIR]` copies the originals back (DIR: a backup folder, or a ROOT whose latest backup
is used; default `.`). A file changed since nnport wrote it is not overwritten without --force.
"""
from __future__ import annotations

import json
import os
import stat
import sys
import time

from nnport.io import atomic_write, atomic_write_bytes
from nnport.project.files import digest, file_digest

FOLDER = ".nnport"
BACKUPS = os.path.join(FOLDER, "backup")
MANIFEST = "manifest.json"
FORMAT = 1


def backup_root(paths: list[str]) -> str:
    """The folder whose .nnport/backup holds a run's backup: the common folder of the PATHs."""
    return os.path.commonpath([os.path.abspath(p if os.path.isdir(p) else os.path.dirname(p) or ".")
                               for p in paths])


def _new_folder(root: str) -> str:
    base = os.path.join(root, BACKUPS)
    os.makedirs(base, exist_ok=True)
    ignore = os.path.join(root, FOLDER, ".gitignore")
    if not os.path.exists(ignore):
        atomic_write(ignore, "# nnport's backups (nnport restore); not part of the project\n*\n")
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    for n in range(1, 1000):
        path = os.path.join(base, stamp if n == 1 else f"{stamp}-{n}")
        try:
            os.mkdir(path)
            return path
        except FileExistsError:
            continue
    raise OSError(f"cannot make a new backup folder in {base}")


def create(root: str, files: list[tuple[str, bytes, bytes]]) -> str:
    """Back up each (path, original bytes, new bytes) under `root`; returns the backup folder.

    Every original is written (atomically) before the manifest, and the manifest before any input is
    replaced by the caller, so a backup folder with a manifest is complete. Raises OSError.
    """
    from nnport import __version__
    folder = _new_folder(root)
    entries = []
    for path, original, new in files:
        rel = os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")
        mode = stat.S_IMODE(os.stat(path).st_mode)
        dest = os.path.join(folder, rel)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        atomic_write_bytes(dest, original, mode)
        entries.append({"path": rel, "sha256": digest(original), "written_sha256": digest(new), "mode": mode})
    manifest = {"format": FORMAT, "nnport": __version__, "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "root": root, "files": entries}
    atomic_write(os.path.join(folder, MANIFEST), json.dumps(manifest, indent=1) + "\n")
    return folder


def find(path: str) -> str | None:
    """The backup folder `path` names: itself when it holds a manifest, else ROOT's latest backup."""
    if os.path.isfile(os.path.join(path, MANIFEST)):
        return path
    base = os.path.join(path, BACKUPS)
    try:
        names = sorted((n for n in os.listdir(base) if os.path.isfile(os.path.join(base, n, MANIFEST))),
                       key=lambda n: (n.split("-")[0], int(n.split("-")[1]) if "-" in n else 1))
    except OSError:
        return None
    return os.path.join(base, names[-1]) if names else None


def _plan(folder: str, force: bool) -> tuple[list[tuple[str, bytes, int]], list[str], list[str]]:
    """(files to write back, problems, files already original) for restoring `folder`."""
    with open(os.path.join(folder, MANIFEST), encoding="utf-8") as f:
        manifest = json.load(f)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(folder))))   # ROOT/.nnport/backup/X
    writes, problems, same = [], [], []
    for entry in manifest["files"]:
        target = os.path.join(root, entry["path"])
        try:
            with open(os.path.join(folder, entry["path"]), "rb") as f:
                data = f.read()
        except OSError as e:
            problems.append(f"{entry['path']}: cannot read the backup: {e.strerror or e}")
            continue
        if digest(data) != entry["sha256"]:
            problems.append(f"{entry['path']}: the backup does not match its SHA-256 in {MANIFEST}")
            continue
        now = file_digest(target)
        if now == entry["sha256"]:
            same.append(target)
        elif now in (None, entry["written_sha256"]) or force:
            writes.append((target, data, entry.get("mode", 0o644)))
        else:
            problems.append(f"{target} changed since nnport converted it (use --force to restore anyway)")
    return writes, problems, same


def restore(folder: str, force: bool = False) -> tuple[list[str], list[str], list[str]]:
    """Put the originals of backup `folder` back: (restored, problems, already original).

    Nothing is written when there is a problem (a backup damaged, a file edited since the conversion).
    """
    writes, problems, same = _plan(folder, force)
    if problems:
        return [], problems, same
    for target, data, mode in writes:
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        atomic_write_bytes(target, data, mode)
    return [t for t, _, _ in writes], [], same


def add_restore_parser(sub) -> None:
    res = sub.add_parser(
        "restore", help="put back the originals an --in-place conversion replaced",
        description="Copy the originals of a `convert --in-place` backup back over the converted files. "
                    f"DIR is a backup folder (ROOT/{BACKUPS}/<time>) or a ROOT, whose latest backup is "
                    "used (default: the current folder). Exit status: 0 restored, 2 nothing restored.")
    res.add_argument("backup", nargs="?", default=".", metavar="DIR", help="backup folder or its ROOT")
    res.add_argument("--force", action="store_true",
                     help="also overwrite files changed since nnport converted them")


def restore_command(args) -> int:
    folder = find(args.backup)
    if folder is None:
        print(f"nnport: error: no backup in {args.backup} (looked for {MANIFEST} and {BACKUPS}/*/{MANIFEST})",
              file=sys.stderr)
        return 2
    try:
        restored, problems, same = restore(folder, args.force)
    except (OSError, ValueError, KeyError) as e:
        print(f"nnport: error: cannot restore from {folder}: {e}", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"nnport: error: {problem}", file=sys.stderr)
    if problems:
        print("nnport: nothing restored", file=sys.stderr)
        return 2
    print(f"restored {len(restored)} files from {folder}"
          + (f" ({len(same)} already original)" if same else ""), file=sys.stderr)
    return 0
