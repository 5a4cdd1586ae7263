"""The files of a source tree, sorted into what is converted and what is copied as it is."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from nnport.io import is_temp_name

PYTHON, NOTEBOOK, COPY = "python", "notebook", "copy"
SKIP_DIRS = frozenset({"__pycache__", ".git", ".hg", ".svn", ".ipynb_checkpoints", ".mypy_cache",
                       ".pytest_cache", ".tox", ".venv", "venv", "node_modules"})
SKIP_SUFFIXES = (".pyc", ".pyo")


@dataclass(frozen=True)
class Item:
    path: str     # as found (for messages)
    rel: str      # relative to the source directory, "/"-separated
    kind: str     # PYTHON | NOTEBOOK | COPY


def kind_of(name: str) -> str:
    if name.endswith(".py"):
        return PYTHON
    if name.endswith(".ipynb"):
        return NOTEBOOK
    return COPY


def walk(root: str, skip: set[str] = frozenset(), python_only: bool = False) -> list[Item]:
    """Every file under `root` in a stable order, leaving out hidden and cache folders, compiled
    files, nnport's temporary files and the directories in `skip` (real paths: the output directory
    inside the input)."""
    out = []
    for here, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS
                         and os.path.realpath(os.path.join(here, d)) not in skip)
        for name in sorted(files):
            kind = kind_of(name)
            if name.endswith(SKIP_SUFFIXES) or is_temp_name(name) or (python_only and kind != PYTHON):
                continue
            path = os.path.join(here, name)
            if not os.path.isfile(path):   # a dangling link, a socket...
                continue
            out.append(Item(path, os.path.relpath(path, root).replace(os.sep, "/"), kind))
    return out


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            return digest(f.read())
    except OSError:
        return None
