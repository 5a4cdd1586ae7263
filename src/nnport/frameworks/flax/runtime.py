"""Flax NNX at run time (imported only by weights/verify): find submodules, read and write Variables."""
from __future__ import annotations

import importlib

import numpy as np

NAME = "flax"


def owns(model) -> bool:
    return any(c.__module__.startswith("flax.nnx") and c.__name__ == "Module" for c in type(model).__mro__)


def resolve(api: str):
    mod, _, name = api.rpartition(".")
    if not mod:
        return None
    try:
        return getattr(importlib.import_module(mod), name)
    except (ImportError, AttributeError):
        return None


def child(mod, part: str):
    """The submodule a source path component names: attribute, Sequential index, List/Dict item."""
    from flax import nnx
    if isinstance(mod, nnx.Sequential) and part.isdigit():
        return mod.layers[int(part)]
    if hasattr(mod, part):
        return getattr(mod, part)
    try:
        return mod[int(part)] if part.isdigit() else mod[part]
    except (TypeError, KeyError, IndexError):
        return None


def find(model, path: tuple[str, ...]):
    mod = model
    for part in path:
        mod = child(mod, part)
        if mod is None:
            return None
    return mod


def variables(model) -> dict[tuple, object]:
    """Every weight-like Variable (Param, BatchStat, plain Variable) by path; RNG state excluded."""
    from flax import nnx
    out = {}
    for path, v in nnx.graph.iter_graph(model):
        if isinstance(v, nnx.Variable) and not isinstance(v, (nnx.RngState,)):
            out[tuple(str(p) for p in path)] = v
    return out


def get_array(mod, name: str) -> np.ndarray | None:
    v = getattr(mod, name, None)
    return None if v is None else np.asarray(v[...])


def set_array(mod, name: str, value: np.ndarray) -> tuple:
    import jax.numpy as jnp
    var = getattr(mod, name)
    old = np.shape(var[...])
    if tuple(old) != tuple(value.shape):
        raise ValueError(f"shape {tuple(value.shape)} does not fit {tuple(old)}")
    # a copy: the source array may share memory with the source model, which may train on
    var[...] = jnp.array(value, dtype=var[...].dtype, copy=True)
    return old
