"""Checkpoint files -> {name: numpy array}, safely by default.

`.safetensors`: safetensors (no code runs: always safe). `.pt` / `.pth` / `.bin`: torch.load with
weights_only=True (tensors, containers and plain values only); a file that needs full pickle is
refused with a message naming --unsafe-pickle, and loads only with unsafe=True (full pickle runs
whatever code the file names: only for files you trust). Nested dicts are flattened with "."
(a {"state_dict": {...}} wrapper keeps its prefix; see `strip_prefix`). Other suffixes are refused.
"""
from __future__ import annotations

import os
import pickle

import numpy as np

from nnport.errors import NnportError

SAFETENSORS = (".safetensors",)
TORCH = (".pt", ".pth", ".bin")
NEEDS_PICKLE = ("Unsupported global", "Unsupported class")   # what weights_only refuses to build


class CheckpointError(NnportError):
    """A checkpoint could not (or must not) be loaded; the message says why and what to do."""


def load_checkpoint(path: str, unsafe: bool = False) -> dict[str, np.ndarray]:
    """The arrays in checkpoint `path`, by name. `unsafe`: allow full pickle for torch files."""
    if not os.path.isfile(path):
        raise CheckpointError(f"--weights {path}: no such file")
    suffix = os.path.splitext(path)[1].lower()
    if suffix in SAFETENSORS:
        return _safetensors(path)
    if suffix in TORCH:
        return _flatten(_torch(path, unsafe))
    raise CheckpointError(f"--weights {path}: unknown checkpoint format {suffix or '(no suffix)'!r}; "
                          f"known: {', '.join(SAFETENSORS + TORCH)}")


def _safetensors(path: str) -> dict[str, np.ndarray]:
    from safetensors.numpy import load_file
    try:
        return dict(load_file(path))
    except Exception as e:  # noqa: BLE001 - a corrupt or foreign file
        raise CheckpointError(f"--weights {path}: not a readable safetensors file: {e}") from None


def _torch(path: str, unsafe: bool):
    import torch
    try:
        return torch.load(path, map_location="cpu", weights_only=not unsafe)
    except pickle.UnpicklingError as e:
        if unsafe or not any(w in str(e) for w in NEEDS_PICKLE):   # garbage, or any other failure
            raise CheckpointError(f"--weights {path}: not a readable PyTorch checkpoint: {_line(e)}") from None
        raise refused_pickle(path, e) from None
    except (RuntimeError, EOFError, OSError) as e:
        raise CheckpointError(f"--weights {path}: not a readable PyTorch checkpoint: {e}") from None


def _line(e: Exception, word: str = "") -> str:
    """The line of torch's long message that says what went wrong (`word` in it), else its last."""
    lines = [ln.strip() for ln in str(e).strip().splitlines() if ln.strip()] or [type(e).__name__]
    return next((ln for ln in lines if word and word in ln), lines[-1])[:300]


def refused_pickle(path: str, e: Exception) -> CheckpointError:
    return CheckpointError(
        f"--weights {path}: refused: the file needs full pickle, which can run arbitrary code "
        f"(torch.load(weights_only=True): {_line(e, 'Unsupported')}). Convert it to .safetensors, or pass "
        "--unsafe-pickle if you trust the file")


def _flatten(obj, prefix: str = "") -> dict[str, np.ndarray]:
    out = {}
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.update(_flatten(v, f"{prefix}{k}."))
        return out
    if hasattr(obj, "state_dict") and not hasattr(obj, "detach"):   # a whole module (full pickle)
        return _flatten(obj.state_dict(), prefix)
    if hasattr(obj, "detach"):
        t = obj.detach().cpu()
        out[prefix[:-1]] = (t.float() if str(t.dtype) == "torch.bfloat16" else t).numpy()
    return out


def strip_prefix(arrays: dict[str, np.ndarray], expected: set[str]) -> dict[str, np.ndarray]:
    """Drop one common wrapper prefix ("state_dict.", "model.", "module.") when that makes the
    names match `expected` better (checkpoints saved from a trainer or DataParallel)."""
    for p in ("state_dict.", "model_state_dict.", "model.", "module."):
        if arrays and all(k.startswith(p) for k in arrays):
            stripped = {k[len(p):]: v for k, v in arrays.items()}
            if len(expected & set(stripped)) > len(expected & set(arrays)):
                return strip_prefix(stripped, expected)
    return arrays
