"""File helpers for the CLI: read source text, write outputs atomically, clean up after killed runs.

Every file nnport writes goes through `atomic_write_bytes`: a temporary `.NAME.XXXXXXXX.nnport-tmp` in
the same folder, renamed over NAME. A run killed with SIGKILL can leave such a temporary file behind
(never a half-written NAME); `remove_stale_temps` deletes those of earlier runs.
"""
from __future__ import annotations

import os
import re
import stat
import tempfile

TEMP_SUFFIX = ".nnport-tmp"
# tempfile.mkstemp(prefix=".NAME.", suffix=TEMP_SUFFIX): 8 random characters of [a-z0-9_]
_TEMP_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX) + "$")


def read_source(path: str | os.PathLike) -> str:
    """Return the text of a Python source file, exactly as stored (newlines untouched).

    Raises OSError when the file cannot be read and UnicodeDecodeError when it is not UTF-8.
    A leading UTF-8 byte-order mark is dropped.
    """
    with open(path, "rb") as f:
        data = f.read()
    return data.decode("utf-8-sig")


def undecodable(e: UnicodeDecodeError) -> tuple[int, int, str]:
    """(line, column, message) of the first byte that is not UTF-8, both 1-based."""
    before = e.object[:e.start]
    line = before.count(b"\n") + 1
    col = e.start - (before.rfind(b"\n") + 1) + 1
    return line, col, f"cannot read: not valid UTF-8 (byte {e.start}: {e.reason})"


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: str | os.PathLike, text: str) -> None:
    """Write `text` (UTF-8, newlines untouched) to `path` so that readers see the old or the new file.

    The text goes to a temporary file in the same directory, is flushed to disk and then moved over
    `path` with os.replace. On any failure the temporary file is removed and `path` is left as it was.
    An existing file's permission bits are kept; a new file gets the usual umask-derived mode.
    """
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: str | os.PathLike, data: bytes, mode: int | None = None) -> None:
    """`atomic_write` for bytes; `mode` (permission bits) replaces the existing or default one."""
    path = os.fspath(path)
    directory, name = os.path.split(os.path.abspath(path))
    if mode is None:
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            mode = _default_mode()
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def is_temp_name(name: str) -> bool:
    """Whether `name` is one of nnport's own temporary files (and nothing a user would name so)."""
    return bool(_TEMP_NAME.match(name))


def remove_stale_temps(directory: str | os.PathLike, before: float, recursive: bool = False) -> list[str]:
    """Delete nnport's temporary files in `directory` last modified before `before` (a time.time()).

    Only names of nnport's own pattern, and only regular files: what a killed run left behind. The
    age test keeps the temporary files of another run writing into the same folder right now.
    Returns the paths removed; a folder that does not exist has none.
    """
    removed = []
    walk = os.walk(directory) if recursive else [(os.fspath(directory), [], _names(directory))]
    for here, _, names in walk:
        for name in names:
            path = os.path.join(here, name)
            if is_temp_name(name) and _older(path, before):
                try:
                    os.unlink(path)
                    removed.append(path)
                except OSError:   # gone meanwhile, or not ours to remove
                    pass
    return removed


def remove_stale_temps_in(directories, recursive: bool = False) -> list[str]:
    """`remove_stale_temps` in each folder, for temporary files older than now (the run's start)."""
    import time
    now = time.time()
    return [p for d in sorted(directories) for p in remove_stale_temps(d, now, recursive)]


def _names(directory) -> list[str]:
    try:
        return os.listdir(directory)
    except OSError:
        return []


def _older(path: str, before: float) -> bool:
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_mtime < before


def refuse_existing(path: str | None, force: bool, what: str = "output") -> str | None:
    """The message for an existing file that must not be overwritten without --force, else None."""
    if path and not force and os.path.lexists(path):
        return f"{what} {path} exists (use --force to overwrite)"
    return None
