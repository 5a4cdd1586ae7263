"""File helpers for the CLI: read source text, write outputs atomically."""
from __future__ import annotations

import os
import stat
import tempfile


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
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".nnport-tmp")
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
