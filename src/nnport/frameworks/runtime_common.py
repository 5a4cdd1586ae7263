"""What every framework's runtime.py does the same way: follow a path of child names, resolve a
dotted API name to the object, find where in the user's file a module is being constructed."""
from __future__ import annotations

import importlib


def follow(child, model, path: tuple[str, ...]):
    """The submodule at `path` (each part read by `child(mod, part)`), or None where one is missing."""
    mod = model
    for part in path:
        mod = child(mod, part)
        if mod is None:
            return None
    return mod


def resolve(api: str):
    """`pkg.mod.name` -> the object: `name` of the imported module `pkg.mod`; None when there is none."""
    mod, _, name = api.rpartition(".")
    if not mod:
        return None
    try:
        return getattr(importlib.import_module(mod), name)
    except (ImportError, AttributeError):
        return None


def construction_site(filename: str) -> tuple[int, int] | None:
    """(line, 0-based column) of the call in `filename` constructing a module right now (called from
    the constructor hook, two frames below the construction)."""
    import sys
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename != filename:
        frame = frame.f_back
    if frame is None:
        return None
    for i, pos in enumerate(frame.f_code.co_positions()):
        if i == frame.f_lasti // 2:
            return None if pos[0] is None else (pos[0], pos[2])
    return None
