"""Nested values (tuples, lists, dicts, arrays, scalars) as JSON text plus one flat array file.

Both sides of a verification exchange such trees: inputs, outputs, recorded layer calls, weights.
Arrays travel in an .npz file (no pickle); everything else is JSON. A tuple stays a tuple.
"""
from __future__ import annotations

import json
import os

import numpy as np


def is_array(x) -> bool:
    return isinstance(x, (np.ndarray, np.generic))


def map_leaves(obj, fn):
    """The same structure with fn applied to every leaf (anything not a tuple, list or dict)."""
    if isinstance(obj, tuple):
        return tuple(map_leaves(o, fn) for o in obj)
    if isinstance(obj, list):
        return [map_leaves(o, fn) for o in obj]
    if isinstance(obj, dict):
        return {k: map_leaves(v, fn) for k, v in obj.items()}
    return fn(obj)


def leaves(obj, path: str = "") -> list[tuple[str, object]]:
    """(path, leaf) pairs in order; a path reads like an index: `[0][1]`, `['logits']`."""
    if isinstance(obj, (tuple, list)):
        return [p for i, o in enumerate(obj) for p in leaves(o, f"{path}[{i}]")]
    if isinstance(obj, dict):
        return [p for k, v in obj.items() for p in leaves(v, f"{path}[{k!r}]")]
    return [(path, obj)]


def nbytes(obj) -> int:
    return sum(leaf.nbytes for _, leaf in leaves(obj) if is_array(leaf))


def pack(obj, arrays: dict[str, np.ndarray]):
    """A JSON-able form of obj; its arrays are added to `arrays` under fresh keys."""
    if isinstance(obj, tuple):
        return {"tuple": [pack(o, arrays) for o in obj]}
    if isinstance(obj, list):
        return [pack(o, arrays) for o in obj]
    if isinstance(obj, dict):
        return {"dict": [[k, pack(v, arrays)] for k, v in obj.items()]}
    if is_array(obj):
        key = f"a{len(arrays)}"
        arrays[key] = np.asarray(obj)
        return {"array": key}
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    return {"repr": repr(obj)}


def unpack(js, arrays):
    if isinstance(js, list):
        return [unpack(o, arrays) for o in js]
    if isinstance(js, dict):
        if "tuple" in js:
            return tuple(unpack(o, arrays) for o in js["tuple"])
        if "dict" in js:
            return {k: unpack(v, arrays) for k, v in js["dict"]}
        if "array" in js:
            return arrays[js["array"]]
        return js["repr"]
    return js


def save(stem: str, obj) -> None:
    """Write obj as STEM.json and STEM.npz."""
    arrays: dict[str, np.ndarray] = {}
    text = json.dumps(pack(obj, arrays))
    np.savez(stem + ".npz", **arrays)
    with open(stem + ".json", "w", encoding="utf-8") as f:
        f.write(text)


def load(stem: str):
    with open(stem + ".json", encoding="utf-8") as f:
        js = json.load(f)
    if not os.path.exists(stem + ".npz"):
        return unpack(js, {})
    with np.load(stem + ".npz", allow_pickle=False) as npz:
        return unpack(js, {k: npz[k] for k in npz.files})
