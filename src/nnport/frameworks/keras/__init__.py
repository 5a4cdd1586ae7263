"""Keras 3: tables and idioms (not written yet; only `shapes` lives here for now).

The Keras tables (layers, functions, skeleton) come with their own branch, which replaces this file
with one that defines FRAMEWORK. Until then `nnport.frameworks.get("keras")` must keep saying
"not supported yet" (an UnknownFramework), not fail with an AttributeError, so FRAMEWORK is refused
here the way a missing package would be.
"""
from nnport.errors import UnknownFramework


def __getattr__(name: str):
    if name == "FRAMEWORK":
        raise UnknownFramework("framework 'keras' is not supported yet")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
