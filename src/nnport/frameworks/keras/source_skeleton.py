"""Keras 3 idioms, as the engine reads them (Keras as a source: subclassed models and layers).

`class M(keras.Model)` / `keras.layers.Layer` (spelled `keras.*`, `from tensorflow import keras` or
`tf.keras.*`: import aliases are read as `keras.*`), forward `call(self, ..., training=None)`,
sublayers assigned in `__init__` (plain lists and dicts of layers are tracked, as ModuleList /
ModuleDict), `keras.Sequential([...])`. What the engine cannot read from the code directly
(`build(self, input_shape)`, `add_weight`, the `training` argument) is rewritten first by
`keras/prepare.py` into the plain form the engine knows (`self.training`, a variable in
`__init__`); layer sizes come from one recorded run (keras/sizes.py).
"""
from __future__ import annotations

IMPORT_ROOTS = ("keras", "tensorflow")
LAYOUT = "channels_last"
FORWARD = "call"
# The readers (sizes recorded in one run, the graph route, the weight conversion) are complete into
# PyTorch only: every other target is reached through it (translate/hub.py; docs/pairs.md has the
# measurement, direct route against hub, per target).
HUB = "torch"


def _spellings(*names: str) -> tuple[str, ...]:
    """Every import spelling of these qualified names (`keras.X`, `tensorflow.keras.X`)."""
    return tuple(p + n for n in names for p in ("", "tensorflow."))


MODULE_BASES = _spellings("keras.Model", "keras.layers.Layer", "keras.models.Model", "keras.layers.layer.Layer")
CONTAINER_CLASSES = {n: "sequential" for n in _spellings("keras.Sequential", "keras.models.Sequential")}
SEQUENTIAL_TAKES_LIST = True       # keras.Sequential([a, b]): the elements of one list
LISTS_ARE_CONTAINERS = True        # self.blocks = [Block(), ...] is tracked (a ModuleList)
PARAMETER_CLASSES = _spellings("keras.Variable")
PARAMETER_RENAME = {"trainable": "requires_grad"}   # keras.Variable(v, trainable=False)
BUFFER_METHOD = "_nnport_buffer"     # prepare.py: keras.Variable(v, trainable=False)
PARAMETER_METHOD = "_nnport_no_parameters"
ADD_MODULE_METHOD = "add"          # self.add(layer) in a keras.Sequential subclass
BUILD_METHODS = ("build",)         # where prepare.py leaves build(): it assigns sublayers too
TRAINING_ATTR = "training"         # prepare.py turns the call's `training` argument into self.training
TENSOR_TYPE = "tensorflow.Tensor"
NO_EFFECT_METHODS = ()
NO_GRAD_CONTEXTS = ()
GRAD_CONTEXTS = ()
# a layer's flag for an optional weight -> that weight in the pivot (PyTorch): `m.bias is not None`
WEIGHT_FLAGS = {"use_bias": "bias", "center": "bias", "scale": "weight"}
MODULE_ITERATORS = {"_flatten_layers": "all"}   # the Keras writer's self.modules() (skeleton.ITER_MODULES)
RESULT_FIELDS = {}
NOT_ONLY_TENSOR = frozenset({"add", "index", "sort", "split", "values", "assign"})
TENSOR_METHODS = frozenset()

# import spellings read as the one Keras 3 name
_PREFIXES = (("tensorflow.keras", "keras"), ("tensorflow.python.keras", "keras"))


def canonical_import(name: str, prefixes=_PREFIXES) -> str:
    """`tensorflow.keras.layers` -> `keras.layers` (from tensorflow import keras; tf.keras.*); with
    `prefixes`, another source's (old prefix, new prefix) pairs."""
    for old, new in prefixes:
        if name == old or name.startswith(old + "."):
            return new + name[len(old):]
    return name


def whole_file(code: str, filename: str):
    """A file whose `Model` is a builder function (functional/Sequential): run, walked and written
    as PyTorch (the hub) by the graph route; None for other files."""
    from nnport.frameworks.keras.reading.route import convert
    return convert(code, filename)


def prepare(code: str, filename: str, target: str | None = None):
    """The source rewritten into the engine's plain form, and facts for the readers."""
    from nnport.frameworks.keras import prepare as _prepare
    return _prepare.prepare(code, filename, target)


def call_site(t, attr, call):
    """A layer's call in `call()`: axis moves around channels-first target layers, activations."""
    from nnport.frameworks.keras import call_sites
    return call_sites.site(t, attr, call)


def sequential_elements(t, original, args):
    """keras.Sequential([...]) elements: a layer's activation= becomes an element of its own."""
    from nnport.frameworks.keras import call_sites
    return call_sites.sequential_elements(t, original, args)


def construction(t, canon, out):
    """A layer's construction as written for the target, with Keras' training semantics where the
    target's class differs (PyTorch's batch norm: its running variance is the unbiased one)."""
    from nnport.frameworks.keras import call_sites
    return call_sites.construction(t, canon, out)


def subclass_of(api: str, base: str) -> bool:
    """Is the support class `api` (`keras.nnport_support.ChannelsFirstConv2D`, copied into Keras
    translations) a subclass of the Keras layer `base` (`keras.layers.Conv2D`)? Its Keras instances
    pass isinstance(m, base), so a target class shared by both answers alike."""
    from nnport.frameworks.keras.reading.support_helpers import MODULE
    if not api.startswith(MODULE + ".") or not base.startswith("keras.layers."):
        return False
    import keras
    cls, parent = _support_class(api.rsplit(".", 1)[1]), getattr(keras.layers, base.rsplit(".", 1)[1], None)
    return isinstance(cls, type) and isinstance(parent, type) and issubclass(cls, parent)


def _support_class(name: str):
    """The class `name` of the support files (nnport.frameworks.keras.support.*), else None."""
    import importlib
    import pkgutil
    from nnport.frameworks.keras import support
    for info in pkgutil.iter_modules(support.__path__):
        found = getattr(importlib.import_module(f"{support.__name__}.{info.name}"), name, None)
        if isinstance(found, type):
            return found
    return None
