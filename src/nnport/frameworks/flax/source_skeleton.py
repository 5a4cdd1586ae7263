"""Flax NNX idioms, as the engine reads them (Flax as a source: nnx.Module classes).

`class M(nnx.Module)`, constructor `__init__(self, ..., *, rngs: nnx.Rngs)`, forward `__call__`,
submodules assigned in `__init__` (`nnx.List([...])` / `nnx.Dict({...})` and plain lists as
ModuleList / ModuleDict), `nnx.Sequential(a, b)`, weights `nnx.Param(value)`. What the engine cannot
read from the code directly is rewritten first by `flax/prepare.py` into the plain form it knows:
the rngs plumbing removed (parameter, `rngs=` keywords, keys drawn from streams), `nnx.BatchStat` /
`nnx.Variable` registered as buffers, `v.value` / `v[...]` reads as the variable itself,
`self.deterministic` / `self.use_running_average` read as the training flag, `x.at[i].set(v)` as a
copy and an index assignment. Layer ranks (BatchNorm1d/2d) come from one recorded run (sizes.py).
"""
from __future__ import annotations

IMPORT_ROOTS = ("flax", "jax", "optax")
LAYOUT = "channels_last"       # nnx.Conv / BatchNorm / GroupNorm compute channels last (NHWC)
FORWARD = "__call__"
HUB = "torch"   # measured: docs/pairs.md (direct route against the hub)

MODULE_BASES = ("flax.nnx.Module", "flax.nnx.module.Module")
CONTAINER_CLASSES = {"flax.nnx.Sequential": "sequential", "flax.nnx.List": "module_list",
                     "flax.nnx.Dict": "module_dict",
                     # nnx.List / nnx.Dict of nnx.Param, as prepare.py spells them (parameter_container)
                     "flax.nnx._nnport_param_list": "param_list", "flax.nnx._nnport_param_dict": "param_dict"}
SEQUENTIAL_TAKES_LIST = False  # nnx.Sequential(a, b)
LISTS_ARE_CONTAINERS = True    # self.blocks = nnx.List([...]) or nnx.data([...]) (prepare.py unwraps the latter)
PARAMETER_CLASSES = ("flax.nnx.Param",)
PARAMETER_RENAME = {}
BUFFER_METHOD = "register_buffer"        # prepare.py writes nnx.BatchStat / nnx.Variable attributes so
PARAMETER_METHOD = "_nnport_no_parameters"
BUILD_METHODS = ()
TRAINING_ATTR = "training"     # prepare.py reads `self.deterministic` as `not self.training`
TENSOR_TYPE = "jax.Array"
NO_EFFECT_METHODS = ("block_until_ready",)
NO_GRAD_CONTEXTS = ()
GRAD_CONTEXTS = ()
MODULE_ITERATORS = {}
RESULT_FIELDS = {}
NOT_ONLY_TENSOR = frozenset({"index", "sort", "split", "values", "copy", "items", "keys", "get"})
TENSOR_METHODS = frozenset()

_PREFIXES = (("jax.numpy", "jax.numpy"), ("flax.nnx.nn.linear", "flax.nnx"), ("flax.nnx.nn.normalization", "flax.nnx"),
             ("flax.nnx.nn.activations", "flax.nnx"), ("flax.nnx.nn.stochastic", "flax.nnx"),
             ("flax.nnx.nn.attention", "flax.nnx"), ("flax.nnx.nn.recurrent", "flax.nnx"),
             ("flax.nnx.nn.embeddings", "flax.nnx"), ("flax.linen.activation", "flax.nnx"))


def parameter_container(call, names: set[str], names_of) -> str | None:
    """`nnx.List([nnx.Param(...) ...])` / `nnx.Dict({k: nnx.Param(...)})`: the spelling prepare.py gives
    it (`nnx._nnport_param_list`), a parameter container (PyTorch's ParameterList / ParameterDict)."""
    import libcst as cst
    kind = "_nnport_param_list" if "flax.nnx.List" in names else "_nnport_param_dict" if "flax.nnx.Dict" in names else None
    if kind is None or not isinstance(call.func, cst.Attribute) or len(call.args) != 1:
        return None
    v = call.args[0].value
    elements = [v.elt] if isinstance(v, cst.ListComp) else [v.value] if isinstance(v, cst.DictComp) else \
        [e.value for e in getattr(v, "elements", ())]
    def param(e):
        return isinstance(e, cst.Call) and bool(names_of(e.func) & set(PARAMETER_CLASSES))
    return kind if elements and all(param(e) for e in elements) else None


def canonical_import(name: str) -> str:
    """`flax.nnx.nn.linear.Linear` -> `flax.nnx.Linear`; `jax.nn.relu` and `flax.nnx.relu` are kept
    apart (the tables hold both)."""
    from nnport.frameworks.keras.source_skeleton import canonical_import as renamed
    return renamed(name, _PREFIXES)


def prepare(code: str, filename: str, target: str | None = None):
    """The source rewritten into the engine's plain form, and facts for the readers."""
    from nnport.frameworks.flax import prepare as _prepare
    return _prepare.prepare(code, filename, target)


def within(code: str, filename: str):
    """A Flax file converted to Flax: a Linen file becomes NNX (linen/rewrite.py), (code, diagnostics);
    None for an NNX file (returned as it is)."""
    from nnport.frameworks.flax.linen import rewrite
    return rewrite.to_nnx(code, filename) if rewrite.imports_linen(code) else None


def call_site(t, attr, call):
    """A layer's call in `__call__`: axis moves around channels-first target layers (as Keras')."""
    from nnport.frameworks.flax import call_sites
    return call_sites.site(t, attr, call)


def sequential_elements(t, original, args):
    """nnx.Sequential(a, nnx.relu): functions as elements become the target's layers."""
    from nnport.frameworks.flax import call_sites
    return call_sites.sequential_elements(t, original, args)


def list_elements(t, original, args):
    """nnx.List([jax.nn.elu, partial(jax.nn.leaky_relu, ...)]): functions as elements become the
    target's layers, as in nnx.Sequential (PyTorch's ModuleList holds modules only)."""
    from nnport.frameworks.flax import call_sites
    return call_sites.list_elements(t, original, args)


def construction(t, canon, out):
    """nnx.BatchNorm -> FlaxBatchNormNd: Flax's running variance follows the biased batch variance
    (the Flax writer's own BatchNorm, flax.support.BatchNorm, follows PyTorch's: nn.BatchNormNd)."""
    if canon.extra.get("api", "").startswith("flax.support."):
        return out
    from nnport.frameworks.keras.call_sites import construction as keras_construction
    return keras_construction(t, canon, out, prefix="Flax")
