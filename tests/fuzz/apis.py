"""The API names the fuzzers call, read from nnport's own tables (src/nnport/frameworks/*): each
framework's imports as a user writes them, and every table entry spelled through those imports, so
generated code exercises the readers the translator really has (not names it ignores)."""
from __future__ import annotations

import functools

from nnport import frameworks

# framework -> (import lines, [(qualified prefix, spelling)], module base, forward method)
SPELLING = {
    "torch": (("import torch", "import torch.nn as nn", "import torch.nn.functional as F"),
              (("torch.nn.functional.", "F."), ("torch.nn.", "nn."), ("torch.", "torch.")),
              "nn.Module", "forward"),
    "keras": (("import keras", "from keras import layers, ops"),
              (("keras.layers.", "layers."), ("keras.ops.", "ops."), ("keras.", "keras."),
               ("tensorflow.", "tf.")),
              "keras.layers.Layer", "call"),
    "flax": (("import jax", "import jax.numpy as jnp", "from flax import nnx", "import optax"),
             (("flax.nnx.", "nnx."), ("jax.numpy.", "jnp."), ("jax.", "jax."), ("optax.", "optax.")),
             "nnx.Module", "__call__"),
    "mxnet": (("import mxnet as mx", "from mxnet import gluon, nd, autograd", "from mxnet.gluon import nn"),
              (("mxnet.gluon.nn.", "nn."), ("mxnet.ndarray.", "nd."), ("mxnet.gluon.", "gluon."),
               ("mxnet.autograd.", "autograd."), ("mxnet.", "mx.")),
              "gluon.HybridBlock", "forward"),
}
SOURCES = tuple(SPELLING)
TARGETS = ("torch", "keras", "flax", "mxnet")


def spell(framework: str, api: str) -> str | None:
    """`api` as code of a file with SPELLING's imports ("torch.nn.Linear" -> "nn.Linear"); None for
    table-internal names (nnport's own support modules) that no user file can spell."""
    if "nnport" in api or ".support." in api:
        return None
    for prefix, written in SPELLING[framework][1]:
        if api.startswith(prefix):
            return written + api[len(prefix):]
    return None


@functools.lru_cache(maxsize=None)
def layers(framework: str) -> tuple[str, ...]:
    """Layer classes of the framework's source tables, spelled through the imports."""
    fw = frameworks.source(framework)
    return tuple(sorted({s for e in fw.layers if (s := spell(framework, e.api))}))


@functools.lru_cache(maxsize=None)
def functions(framework: str) -> tuple[str, ...]:
    """Functions of the framework's source tables, spelled through the imports."""
    fw = frameworks.source(framework)
    return tuple(sorted({s for e in fw.functions if not e.api.startswith("Tensor.")
                         and (s := spell(framework, e.api))}))


@functools.lru_cache(maxsize=None)
def methods(framework: str) -> tuple[str, ...]:
    """Tensor method names of the framework's tables ("view", "reshape", ...)."""
    fw = frameworks.source(framework)
    return tuple(sorted({e.api.split(".", 1)[1] for e in fw.functions if e.api.startswith("Tensor.")}))


def imports(framework: str) -> tuple[str, ...]:
    return SPELLING[framework][0]


def module_base(framework: str) -> str:
    return SPELLING[framework][2]


def forward_name(framework: str) -> str:
    return SPELLING[framework][3]
