"""The objects table entries name, for the signature checks (tests/frameworks/test_signatures.py,
tests/keras_reading/test_source_signatures.py): `torch.nn.functional.relu`, `jnp.reshape`,
`Tensor.view`, `keras.ops.add` -> the object, or MISSING."""
from __future__ import annotations

import importlib

ALIASES = {"jnp": "jax.numpy", "nnx": "flax.nnx", "lax": "jax.lax", "np": "numpy"}
MISSING = object()


def resolve(path: str):
    """The longest importable module prefix of `path`, then attributes; MISSING where one is absent."""
    if path.startswith("Tensor."):
        import torch
        return getattr(torch.Tensor, path.split(".", 1)[1], MISSING)
    head, _, rest = path.partition(".")
    path = ALIASES[head] + ("." + rest if rest else "") if head in ALIASES else path
    parts = path.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for p in parts[i:]:
            obj = getattr(obj, p, MISSING)
            if obj is MISSING:
                return MISSING
        return obj
    return MISSING
