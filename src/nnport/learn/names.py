"""Qualified API names: per-framework default aliases, canonical forms, and what counts as an API.

Canonical forms collapse a definition's module path to the public namespace that code writes
(torch.nn.modules.conv.Conv2d -> torch.nn.Conv2d, keras.src.layers.core.dense.Dense -> keras.layers.Dense,
F.relu in Gluon's hybrid_forward -> mxnet.nd.relu), so that corpus names and table names meet.
"""
from __future__ import annotations

# Names a docstring example (or Gluon's `F` argument) uses without importing them.
DEFAULT_ALIASES = {
    "torch": {"torch": "torch", "nn": "torch.nn", "F": "torch.nn.functional"},
    "keras": {"keras": "keras", "layers": "keras.layers", "ops": "keras.ops",
              "tf": "tensorflow"},
    "flax": {"nnx": "flax.nnx", "jnp": "jax.numpy", "jax": "jax", "nn": "flax.linen",
             "optax": "optax", "lax": "jax.lax"},
    "mxnet": {"mx": "mxnet", "nd": "mxnet.nd", "gluon": "mxnet.gluon", "nn": "mxnet.gluon.nn",
              "F": "mxnet.nd", "npx": "mxnet.npx"},
}
FORCED_ALIASES = {"mxnet": {"F": "mxnet.nd"}}   # Gluon's F is a parameter, never an import

ROOTS = {"torch": ("torch.",), "keras": ("keras.",), "flax": ("flax.", "jax.", "optax."),
         "mxnet": ("mxnet.",)}

# prefix -> public namespace: anything below prefix is written as namespace.<last name>
COLLAPSE = (
    ("torch.nn.modules.", "torch.nn"),
    ("keras.layers.", "keras.layers"), ("keras.ops.", "keras.ops"),
    ("keras.activations.", "keras.activations"), ("keras.applications.", "keras.applications"),
    ("flax.nnx.", "flax.nnx"), ("flax.linen.", "flax.linen"),
    ("mxnet.gluon.nn.", "mxnet.gluon.nn"), ("mxnet.gluon.rnn.", "mxnet.gluon.rnn"),
    ("mxnet.ndarray.", "mxnet.nd"), ("mxnet.symbol.", "mxnet.nd"), ("mxnet.sym.", "mxnet.nd"),
    ("mxnet.nd.", "mxnet.nd"),
)
# How the tables abbreviate what they write (docs/support.md's "written" column) -> canonical
WRITTEN_PREFIX = {
    "keras": {"layers": "keras.layers", "ops": "keras.ops"},
    "flax": {"nnx": "flax.nnx", "jnp": "jax.numpy", "jax": "jax", "optax": "optax"},
    "mxnet": {"F": "mxnet.nd", "nd": "mxnet.nd", "gluon": "mxnet.gluon", "nn": "mxnet.gluon.nn",
              "mx": "mxnet"},
    "torch": {"nn": "torch.nn", "F": "torch.nn.functional"},
}


def canonical(name: str) -> str:
    """The public spelling of a resolved dotted name (see the module docstring)."""
    if name.startswith("keras.src."):
        name = "keras." + name[len("keras.src."):]
    for prefix, ns in COLLAPSE:
        if name.startswith(prefix):
            return f"{ns}.{name.rsplit('.', 1)[1]}"
    return name


def is_api(framework: str, name: str) -> bool:
    """A resolved name belongs to `framework`'s public API (not private, not a module-level helper)."""
    last = name.rsplit(".", 1)[-1]
    return name.startswith(ROOTS[framework]) and not last.startswith("_")


def kind_of(name: str) -> str:
    """layer (a class: capitalised last name) or function."""
    return "layer" if name.rsplit(".", 1)[-1][:1].isupper() else "function"


def from_written(framework: str, written: str) -> str | None:
    """A table's 'written' cell (`layers.Dense`, `F.relu`, `nnx.Linear`) as a canonical name;
    None for what is not a plain API (an expression, a helper, alternatives)."""
    if not written or " " in written or "(" in written or "." not in written:
        return None
    head, rest = written.split(".", 1)
    full = f"{WRITTEN_PREFIX.get(framework, {}).get(head, head)}.{rest}"
    return canonical(full) if is_api(framework, canonical(full)) else None
