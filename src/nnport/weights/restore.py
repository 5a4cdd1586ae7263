"""Load a checkpoint's arrays into a freshly built source model (verify --weights).

PyTorch sources: the arrays go through load_state_dict after the names are checked, so a mismatch
lists every missing and unexpected key, and a shape mismatch names the key. Keras sources: a
`.weights.h5` through model.load_weights (after the model has run once, so its variables exist;
h5 holds no code). Other source frameworks (Flax, MXNet) and formats are refused (`unsupported`)
before any process starts.
"""
from __future__ import annotations

import numpy as np

from nnport.weights.checkpoint import CheckpointError, load_checkpoint, strip_prefix

SUPPORTED = {"torch": (".safetensors", ".pt", ".pth", ".bin"), "keras": (".weights.h5",)}


def unsupported(framework: str, path: str = "") -> str | None:
    """Why checkpoint `path` cannot be loaded into a `framework` source, or None."""
    if framework not in SUPPORTED:
        known = ", ".join(f"{k} ({' '.join(v)})" for k, v in SUPPORTED.items())
        return f"--weights: loading a checkpoint into a {framework} source is not supported yet (supported: {known})"
    if path and not path.lower().endswith(SUPPORTED[framework]):
        return f"--weights {path}: a {framework} source loads {' or '.join(SUPPORTED[framework])} files"
    return None


def load_into_keras(model, path: str) -> None:
    try:
        model.load_weights(path)
    except (ValueError, OSError, KeyError) as e:
        raise CheckpointError(f"--weights {path}: the checkpoint does not match the model: {e}") from None


def load_into_torch(model, path: str, unsafe: bool = False) -> None:
    import torch
    own = model.state_dict()
    arrays = strip_prefix(load_checkpoint(path, unsafe), set(own))
    mismatch(path, set(own), set(arrays))
    for k, v in arrays.items():
        if tuple(own[k].shape) != tuple(np.shape(v)):
            raise CheckpointError(f"--weights {path}: {k} has shape {tuple(np.shape(v))} in the checkpoint, "
                                  f"{tuple(own[k].shape)} in the model")
    model.load_state_dict({k: torch.from_numpy(np.array(v)).to(own[k].dtype) for k, v in arrays.items()})


def mismatch(path: str, expected: set[str], found: set[str]) -> None:
    missing, unexpected = sorted(expected - found), sorted(found - expected)
    if missing or unexpected:
        parts = [f"missing keys ({len(missing)}): {', '.join(missing[:20])}" if missing else "",
                 f"unexpected keys ({len(unexpected)}): {', '.join(unexpected[:20])}" if unexpected else ""]
        raise CheckpointError(f"--weights {path}: the checkpoint does not match the model: "
                              + "; ".join(p for p in parts if p))


def load_into(framework: str, model, path: str, unsafe: bool = False) -> None:
    why = unsupported(framework, path)
    if why:
        raise CheckpointError(why)
    if framework == "keras":
        return load_into_keras(model, path)
    load_into_torch(model, path, unsafe)
