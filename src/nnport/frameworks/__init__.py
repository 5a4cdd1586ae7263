"""One package per framework, the same file names in each: layers, functions, skeleton, runtime."""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

from nnport.errors import UnknownFramework
from nnport.frameworks.spec import Registry

NAMES = ("torch", "keras", "flax", "mxnet")
ALIASES = {"pytorch": "torch", "jax": "flax", "nnx": "flax", "tf": "keras", "tensorflow": "keras",
           "gluon": "mxnet"}


@dataclass
class Framework:
    name: str
    layers: Registry
    functions: Registry
    skeleton: ModuleType

    @property
    def roots(self) -> tuple[str, ...]:
        return self.skeleton.IMPORT_ROOTS


def canonical_name(name: str) -> str:
    n = ALIASES.get(name.lower(), name.lower())
    if n not in NAMES:
        raise UnknownFramework(f"unknown framework {name!r}; choose one of {', '.join(NAMES)}")
    return n


def get(name: str) -> Framework:
    n = canonical_name(name)
    try:
        mod = importlib.import_module(f"nnport.frameworks.{n}")
    except ModuleNotFoundError as e:
        if e.name and e.name.startswith(f"nnport.frameworks.{n}"):
            raise UnknownFramework(f"framework {n!r} is not supported yet") from None
        raise
    if not hasattr(mod, "FRAMEWORK"):   # a folder with its run-time support only (no tables yet)
        raise UnknownFramework(f"framework {n!r} is not supported yet")
    return mod.FRAMEWORK


def source(name: str) -> Framework:
    """The framework as a source: its reader tables where it has its own (`SOURCE`), else the same
    tables as it writes with (one entry serves both directions)."""
    n = canonical_name(name)
    get(n)
    mod = importlib.import_module(f"nnport.frameworks.{n}")
    return getattr(mod, "SOURCE", None) or mod.FRAMEWORK


def available() -> list[str]:
    out = []
    for n in NAMES:
        try:
            get(n)
            out.append(n)
        except UnknownFramework:
            pass
    return out
