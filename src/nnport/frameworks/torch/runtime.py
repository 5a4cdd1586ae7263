"""PyTorch at run time (imported only by weights/verify): walk modules, read and write arrays."""
from __future__ import annotations

import importlib

import numpy as np

NAME = "torch"


def owns(model) -> bool:
    return any(c.__module__.startswith("torch.nn") and c.__name__ == "Module" for c in type(model).__mro__)


def resolve(api: str):
    mod, _, name = api.rpartition(".")
    try:
        return getattr(importlib.import_module(mod), name)
    except (ImportError, AttributeError):
        return None


def modules(model):
    """(path tuple, module, {local name: numpy array}) for every module, parents first."""
    for name, mod in model.named_modules():
        path = tuple(name.split(".")) if name else ()
        arrays = {k: v.detach().cpu().numpy() for k, v in mod.named_parameters(recurse=False)}
        arrays.update({k: v.detach().cpu().numpy() for k, v in mod.named_buffers(recurse=False)
                       if v is not None and k != "num_batches_tracked"})
        yield path, mod, arrays


def aliases(model) -> set[tuple[tuple[str, ...], str]]:
    """(module path, name) of every parameter that is the same tensor as another one (tied)."""
    groups: dict[int, list] = {}
    for full, p in model.named_parameters(remove_duplicate=False):
        path, _, name = full.rpartition(".")
        groups.setdefault(id(p), []).append((tuple(path.split(".")) if path else (), name))
    return {key for keys in groups.values() if len(keys) > 1 for key in keys}


def positional(model, path: tuple[str, ...]) -> tuple[str, ...]:
    """The path with the names of Sequential children replaced by their index
    (`add_module("norm", ...)` in a Sequential subclass is its layer 0 elsewhere)."""
    import torch
    out, mod = [], model
    for part in path:
        if isinstance(mod, torch.nn.Sequential) and not part.isdigit():
            out.append(str(list(mod._modules).index(part)))
        else:
            out.append(part)
        mod = mod._modules[part]
    return tuple(out)


def has_parameters(mod) -> bool:
    """Does the module itself (not its children) hold trainable parameters?"""
    return any(True for _ in mod.parameters(recurse=False))


def set_array(mod, name: str, value: np.ndarray) -> None:
    import torch
    current = getattr(mod, name)
    with torch.no_grad():
        current.copy_(torch.as_tensor(np.ascontiguousarray(value), dtype=current.dtype))
