"""The reader tables of Flax NNX as a source: registries that find an API under any import spelling
(`from flax import nnx; nnx.Linear`, `flax.nnx.nn.linear.Linear`, `import jax.numpy as jnp`)."""
from __future__ import annotations

from nnport.frameworks.flax.source_skeleton import canonical_import
from nnport.frameworks.keras.reading.layers_cst import take  # noqa: F401  (a literal argument, taken out)
from nnport.frameworks.keras.reading.source_registry import SourceRegistry, lit  # noqa: F401
from nnport.frameworks.spec import Entry

FUNCTIONS = SourceRegistry("flax.functions(read)", canonical_import)
LAYERS = SourceRegistry("flax.layers(read)", canonical_import)
RECORDED = ("_nnport_shape", "_nnport_rank")   # written by prepare.py, read by recorded.input_shape
# arguments without numerical effect on a float32 model whose weights are copied
LAYER_IGNORED = ("param_dtype", "precision", "kernel_init", "bias_init", "scale_init", "embedding_init",
                 "recurrent_kernel_init", "dot_general", "conv_general_dilated", "promote_dtype",
                 "preferred_element_type", "rngs", "kernel_metadata", "bias_metadata", "scale_metadata",
                 "embedding_metadata", "recurrent_kernel_metadata", "use_fast_variance", "axis_name",
                 "axis_index_groups", "keep_rngs", "rng_collection", *RECORDED)


def fn(api: str, op: str, signature: str, **kw) -> Entry:
    kw.setdefault("kind", "function")
    return FUNCTIONS.add(Entry(api, op, signature, **kw))


def method(name: str, op: str, signature: str, **kw) -> Entry:
    kw.setdefault("kind", "method")
    return FUNCTIONS.add(Entry(f"Tensor.{name}", op, signature, **kw))


def layer(api: str, op: str, signature: str, **kw) -> Entry:
    """A layer `flax.nnx.<api>`: its signature as Flax's own (the target tables' where they have it),
    `self, ` left out; the recorded shape prepare.py adds is taken by the readers."""
    if signature.startswith("self, "):
        signature = signature[len("self, "):]
    signature = signature.replace(" rngs,", " rngs=None,").replace(" rngs)", " rngs=None)")
    if signature.endswith(" rngs"):
        signature += "=None"
    signature += ", _nnport_shape=None, _nnport_rank=None"
    kw["ignore"] = (*kw.get("ignore", ()), *LAYER_IGNORED)
    return LAYERS.add(Entry(f"flax.nnx.{api}", op, signature, kind="layer", **kw))


def drop(c, *names) -> None:
    for name in names:
        c.args.pop(name, None)
        c.defaults.pop(name, None)


def float32_only(c) -> None:
    """dtype= of a layer: None or float32 (`jnp.float32`, 'float32') only."""
    from nnport.frameworks.spec import Unsupported, code
    dtype = c.args.get("dtype")
    if dtype is not None and code(dtype) != "None" and "float32" not in code(dtype):
        raise Unsupported(f"{c.extra['api']}(dtype={code(dtype)}): only float32 layers are translated")
    drop(c, "dtype")
