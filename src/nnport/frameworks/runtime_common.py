"""What every framework's runtime.py does the same way: follow a path of child names, and resolve a
dotted API name to the object."""
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
