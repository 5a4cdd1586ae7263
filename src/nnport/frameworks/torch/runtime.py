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


def has_parameters(mod) -> bool:
    """Does the module itself (not its children) hold trainable parameters?"""
    return any(True for _ in mod.parameters(recurse=False))


def set_array(mod, name: str, value: np.ndarray) -> None:
    import torch
    current = getattr(mod, name)
    with torch.no_grad():
        current.copy_(torch.as_tensor(np.ascontiguousarray(value), dtype=current.dtype))
