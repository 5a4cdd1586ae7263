"""MXNet Gluon 1.9 idioms, as the engine reads them (Gluon as a source: Blocks and HybridBlocks).

`class M(gluon.HybridBlock)` (or `gluon.Block`, `nn.HybridBlock`...), forward `forward(self, x)` or
`hybrid_forward(self, F, x, <parameters>)`, sublayers assigned in `__init__` (also inside
`with self.name_scope():`), `nn.HybridSequential()` / `nn.Sequential()` filled by `.add(...)`,
parameters made by `self.params.get(name, shape=..., init=...)`. What the engine cannot read from
the code directly is rewritten first by `mxnet/prepare.py` into the plain form it knows (`forward`,
`self.<parameter>`, a Sequential given its layers, `mxnet.ndarray.*` for `F.*`); layer sizes a
deferred layer (`in_units=0`) leaves open come from one recorded run (mxnet/sizes.py).
"""
from __future__ import annotations

IMPORT_ROOTS = ("mxnet",)
LAYOUT = "channels_first"      # Gluon's layers default to NCW/NCHW/NCDHW, as PyTorch's
FORWARD = "forward"            # hybrid_forward is renamed by prepare.py
# The readers (sizes recorded in one run, the weight conversion source_transfer.py) are complete into
# PyTorch only: every other target is reached through it (translate/hub.py; docs/pairs.md measures
# the direct route against the hub per target).
HUB = "torch"
HELPER_PREFIX = "Gluon"        # the PyTorch writer's helper classes for Gluon's semantics (GluonGroupNorm)

_BLOCKS = ("Block", "HybridBlock", "SymbolBlock")
MODULE_BASES = tuple(f"mxnet.gluon.{p}{b}" for b in _BLOCKS for p in ("", "nn.", "block."))
CONTAINER_CLASSES = {f"mxnet.gluon.nn.{n}": "sequential" for n in ("Sequential", "HybridSequential")}
CONTAINER_CLASSES.update({f"mxnet.gluon.nn.basic_layers.{n}": "sequential" for n in ("Sequential", "HybridSequential")})
# the Gluon writer's HybridBlockDict / BlockDict (support/containers.py), as reading/support_calls.py spells them
CONTAINER_CLASSES.update({f"mxnet.gluon.nnport_helper.{n}": "module_dict" for n in ("HybridBlockDict", "BlockDict")})
CONTAINER_CLASSES["mxnet.gluon.nnport_helper.ParameterList"] = "param_list"   # reading/parameter_lists.py
SEQUENTIAL_TAKES_LIST = False  # prepare.py writes nn.HybridSequential(a, b) from its .add(a, b) calls
LISTS_ARE_CONTAINERS = False   # Gluon tracks no plain lists of blocks
PARAMETER_CLASSES = ("mxnet.gluon.Parameter",)   # written by prepare.py from self.params.get(...)
PARAMETER_RENAME = {}
BUFFER_METHOD = "_nnport_no_buffers"
PARAMETER_METHOD = "_nnport_no_parameters"
BUILD_METHODS = ()
TRAINING_ATTR = "training"     # prepare.py reads autograd.is_training() as self.training
TENSOR_TYPE = "mxnet.ndarray.NDArray"
NO_EFFECT_METHODS = ("as_in_context", "copyto", "wait_to_read", "attach_grad")
NO_GRAD_CONTEXTS = ("mxnet.autograd.pause",)
GRAD_CONTEXTS = ("mxnet.autograd.pause", "mxnet.autograd.record")
MODULE_ITERATORS = {}
RESULT_FIELDS = {}
NOT_ONLY_TENSOR = frozenset({"add", "index", "sort", "split", "values", "copy"})
TENSOR_METHODS = frozenset()

_PREFIXES = (("mxnet.nd", "mxnet.ndarray"), ("mxnet.sym", "mxnet.ndarray"), ("mxnet.symbol", "mxnet.ndarray"),
             ("mxnet.gluon.nn.basic_layers", "mxnet.gluon.nn"), ("mxnet.gluon.nn.conv_layers", "mxnet.gluon.nn"),
             ("mxnet.gluon.nn.activations", "mxnet.gluon.nn"), ("mxnet.gluon.rnn.rnn_layer", "mxnet.gluon.rnn"),
             ("mxnet.gluon.parameter.Parameter", "mxnet.gluon.Parameter"))


def canonical_import(name: str) -> str:
    """`mxnet.nd.relu` / `mxnet.sym.relu` -> `mxnet.ndarray.relu` (F.* reads as mxnet.ndarray.*)."""
    from nnport.frameworks.keras.source_skeleton import canonical_import as renamed
    return renamed(name, _PREFIXES)


def prepare(code: str, filename: str, target: str | None = None):
    """The source rewritten into the engine's plain form, and facts for the readers."""
    from nnport.frameworks.mxnet import prepare as _prepare
    return _prepare.prepare(code, filename, target)


def call_site(t, attr, call):
    """A layer's call in `forward()`: Dense's flattening, activation=, recurrent results."""
    from nnport.frameworks.mxnet import call_sites
    return call_sites.site(t, attr, call)


def construction(t, canon, out):
    """nn.BatchNormNd -> GluonBatchNormNd (Gluon's running variance is the biased batch variance)."""
    from nnport.frameworks.mxnet import call_sites
    return call_sites.construction(t, canon, out)


def sequential_elements(t, original, args):
    """nn.HybridSequential(a, b) elements: Dense's flattening and a block's activation= as elements."""
    from nnport.frameworks.mxnet import call_sites
    return call_sites.sequential_elements(t, original, args)
