"""Keras 3 at run time (imported only by weights/verify): find submodules, read and write Variables.

Keras builds a layer's weights on its first call. `prepare` runs a model once on example inputs
(inference mode) where some layer is not built yet, so that a weight transfer writes weights that
exist and that no later build replaces; `check_built` refuses a model with layers still unbuilt.
A model built by `build` remembers how, so that `copy` can make another with the same weights
(Keras models cannot be deep-copied).
"""
from __future__ import annotations

import importlib

import numpy as np

from nnport.frameworks.runtime_common import follow

NAME = "keras"


def owns(model) -> bool:
    return any(c.__module__.startswith("keras.") and c.__name__ == "Layer" for c in type(model).__mro__)


def resolve(api: str):
    mod, _, name = api.rpartition(".")
    if not mod:
        return None
    try:
        obj = importlib.import_module(mod.split(".")[0])
        for part in api.split(".")[1:]:
            obj = getattr(obj, part)
        return obj
    except (ImportError, AttributeError):
        return None


def _is_layer(x) -> bool:
    import keras
    return isinstance(x, keras.layers.Layer)


def child(mod, part: str):
    """The submodule a source path component names: attribute (a reserved name with a trailing
    underscore), Sequential index, list/dict item."""
    import keras
    if isinstance(mod, keras.Sequential) and part.isdigit():
        layers = mod.layers
        return layers[int(part)] if int(part) < len(layers) else None
    if isinstance(mod, (list, tuple)) or type(mod).__name__ == "TrackedList":
        return mod[int(part)] if part.isdigit() and int(part) < len(mod) else None
    if isinstance(mod, dict) or type(mod).__name__ == "TrackedDict":
        return mod.get(part)
    for name in (part + "_", part) if _reserved(part) else (part,):
        value = _attr(mod, name)
        if value is not None:
            return value
    return None


def _reserved(name: str) -> bool:
    from nnport.frameworks.keras.skeleton import RESERVED_ATTRS
    return name in RESERVED_ATTRS


def _attr(mod, name: str):
    """An attribute; for a list or dict of Variables (a ParameterList / ParameterDict), an item."""
    if isinstance(mod, (list, tuple)) or type(mod).__name__ == "TrackedList":
        return mod[int(name)] if name.isdigit() and int(name) < len(mod) else None
    if isinstance(mod, dict) or type(mod).__name__ == "TrackedDict":
        return mod.get(name)
    try:
        return vars(mod).get(name) if name in vars(mod) else getattr(mod, name, None)
    except Exception:  # noqa: BLE001 - a property that fails before build
        return None


def find(model, path: tuple[str, ...]):
    return follow(child, model, path)


def _children(mod):
    """(source path component, value) of a layer's sublayers and variables, as the source names them."""
    import keras
    if isinstance(mod, keras.Sequential):
        for i, layer in enumerate(mod.layers):
            yield str(i), layer
        return
    if _is_functional(mod):   # a functional model (a source): its layers by name
        for layer in mod.layers:
            yield layer.name, layer
        return
    if isinstance(mod, (list, tuple)) or type(mod).__name__ == "TrackedList":
        for i, v in enumerate(mod):
            yield str(i), v
        return
    if isinstance(mod, dict) or type(mod).__name__ == "TrackedDict":
        yield from mod.items()
        return
    seen = set()
    for name, value in list(vars(mod).items()):
        if name.startswith("_"):
            continue
        src = name[:-1] if name.endswith("_") and _reserved(name[:-1]) else name
        seen.add(id(value))
        yield src, value
    for v in getattr(mod, "_trainable_variables", []) + getattr(mod, "_non_trainable_variables", []):
        if id(v) not in seen:   # a built layer's own weights (Dense keeps `_kernel` behind `kernel`)
            name = v.name
            if _attr(mod, name) is v:
                yield name, v


def _is_functional(mod) -> bool:
    from keras.src.models.functional import Functional
    return isinstance(mod, Functional)


def _walk(mod, path, out, seen):
    import keras
    for name, value in _children(mod):
        if isinstance(value, keras.Variable):
            if id(value) not in seen:
                seen.add(id(value))
                out[path + (name,)] = value
        elif _is_layer(value) or isinstance(value, (list, tuple, dict)) or \
                type(value).__name__ in ("TrackedList", "TrackedDict"):
            if id(value) in seen:
                continue
            seen.add(id(value))
            _walk(value, path + (name,), out, seen)


def variables(model) -> dict[tuple, object]:
    """Every keras.Variable of the model by source-style path (seed-generator state excluded)."""
    out: dict[tuple, object] = {}
    _walk(model, (), out, set())
    return {p: v for p, v in out.items() if "seed_generator" not in v.path}


def get_array(mod, name: str) -> np.ndarray | None:
    import keras
    v = _attr(mod, name)
    return np.array(v) if isinstance(v, keras.Variable) else None


def set_array(mod, name: str, value: np.ndarray) -> tuple:
    var = _attr(mod, name)
    old = tuple(var.shape)
    if old != tuple(value.shape):
        raise ValueError(f"shape {tuple(value.shape)} does not fit {old}")
    var.assign(np.array(value, dtype=var.dtype, copy=True))
    return old


def parameters(model) -> dict[tuple, np.ndarray]:
    return {p: np.array(v) for p, v in variables(model).items() if v.trainable}


def buffers(model) -> dict[tuple, np.ndarray]:
    return {p: np.array(v) for p, v in variables(model).items() if not v.trainable}


# ------------------------------------------------------------------ building before a transfer

def unbuilt(model) -> list[str]:
    """Paths of the layers Keras has not built yet (their weights do not exist)."""
    out = []

    def walk(mod, path, seen):
        for name, value in _children(mod):
            if id(value) in seen:
                continue
            seen.add(id(value))
            if _is_layer(value):
                if _builds_weights(value):
                    out.append(".".join(path + (name,)))
                walk(value, path + (name,), seen)
            elif isinstance(value, (list, tuple, dict)) or type(value).__name__ in ("TrackedList", "TrackedDict"):
                walk(value, path + (name,), seen)
    if _builds_weights(model):
        out.append("<root>")
    walk(model, (), {id(model)})
    return out


def _builds_weights(layer) -> bool:
    """Not built yet, and its class creates weights when it is (a build of its own)."""
    import keras
    return not layer.built and type(layer).build is not keras.layers.Layer.build


def prepare(model, example_inputs) -> None:
    """Build every layer before weights are written: one inference call on example_inputs (and one in
    training where some layer is still unbuilt)."""
    if not unbuilt(model):
        return
    if example_inputs is None:
        return
    inputs = list(example_inputs) if isinstance(example_inputs, (list, tuple)) else [example_inputs]
    arrays = [np.asarray(x.detach().cpu().numpy() if hasattr(x, "detach") else x) for x in inputs]
    run(model, arrays, train=False, seed=0)
    if unbuilt(model):   # layers called in training only (`if training:` branches): one training call;
        run(model, arrays, train=True, seed=0)   # the statistics it updates are written over next


def check_built(model) -> None:
    from nnport.errors import WeightTransferError
    missing = unbuilt(model)
    if missing:
        raise WeightTransferError(
            "Keras builds weights on a layer's first call; these are not built yet: "
            f"{', '.join(missing[:6])}. Pass example_inputs= (or call the model once) before the transfer, "
            "so that no later build replaces the copied weights")


# ------------------------------------------------------------------ verify: build, run, record, grads

def build(cls, args, kwargs, seed: int):
    import keras
    keras.backend.clear_session(free_memory=False)   # auto names (dense_3) from 0: as the translation saw them
    set_seed(seed)
    model = cls(*args, **kwargs)
    model._nnport_spec = (cls, list(args), dict(kwargs))
    return model


def set_seed(n: int) -> None:
    import keras
    keras.utils.set_random_seed(n)


def set_mode(model, train: bool) -> None:
    """Keras has no mode: `training` is an argument of each call (see call)."""


def copy(model):
    """Another model with the same weights: rebuilt from the constructor arguments `build` kept, run
    once on the inputs it last saw, then every variable copied."""
    spec = getattr(model, "_nnport_spec", None)
    if spec is None:
        raise ValueError("a Keras model can be copied only when nnport built it (runtime.build)")
    cls, args, kwargs = spec
    import keras
    keras.backend.clear_session(free_memory=False)   # the same auto names as the model's
    new = cls(*args, **kwargs)
    new._nnport_spec = spec
    if getattr(model, "_nnport_inputs", None) is not None:
        call(new, model._nnport_inputs, {}, train=False)
        if unbuilt(new):   # as prepare: layers built in training only (their state is copied below)
            call(new, model._nnport_inputs, {}, train=True)
    have, want = variables(new), variables(model)
    if set(have) != set(want):
        raise ValueError("the copy of a Keras model has other variables than the model")
    for path, v in want.items():
        have[path].assign(v)
    return new


def to_numpy(tree):
    from nnport.verify.tree import map_leaves
    import keras

    def one(x):
        if isinstance(x, keras.Variable) or type(x).__module__.startswith(("tensorflow", "jax", "torch")) \
                and hasattr(x, "shape"):
            return np.array(keras.ops.convert_to_numpy(x))
        return x
    return map_leaves(tree, one)


def from_numpy(tree):
    import keras
    from nnport.verify.tree import is_array, map_leaves
    return map_leaves(tree, lambda a: keras.ops.convert_to_tensor(np.array(a, copy=True)) if is_array(a) else a)


def call(mod, args, kwargs, *, train: bool):
    """Run one layer (or any callable a translation holds, e.g. ops.relu) on numpy inputs."""
    args, kwargs = from_numpy(list(args)), from_numpy(dict(kwargs))
    if _is_layer(mod):
        if getattr(mod, "_nnport_spec", None) is not None and getattr(mod, "_nnport_inputs", None) is None:
            mod._nnport_inputs = to_numpy(list(args))
        return to_numpy(mod(*args, training=train, **kwargs))
    return to_numpy(mod(*args, **kwargs))


def run(model, inputs, *, train: bool, seed: int):
    set_seed(seed)
    reseed(model, seed)
    return call(model, inputs, {}, train=train)


def reseed(model, seed: int) -> None:
    """Every SeedGenerator of the model's layers (Dropout's, keras.random's) restarted from `seed`:
    keras.utils.set_random_seed reaches only generators made after it, and a run must draw the same
    numbers for the same seed (and others for another: how verify finds random outputs)."""
    if not _is_layer(model):
        return
    k = 0
    for layer in model._flatten_layers(include_self=True, recursive=True):
        for sg in getattr(layer, "_seed_generators", []):
            k += 1
            sg.state.assign(np.array([(seed * 7919 + k) % (2 ** 31), 0]).astype(sg.state.dtype))


def record(model, inputs, *, train: bool, seed: int, max_bytes: int):
    """Every layer's first call in call order (keras/recording.py)."""
    from nnport.frameworks.keras.recording import record as _record
    return _record(model, inputs, train=train, seed=seed, max_bytes=max_bytes)


def gradients(model, inputs, projections: dict, *, train: bool, seed: int):
    """Gradients of loss = sum over output leaves p of sum(out[p] * projections[p]) (tf.GradientTape).
    Returns (gradients of the float inputs, None for the others; a copy of the model whose
    variables hold their gradients)."""
    import tensorflow as tf
    from nnport.verify.tree import leaves
    set_seed(seed)
    xs = [tf.convert_to_tensor(np.array(x)) if hasattr(x, "dtype") or isinstance(x, np.ndarray) else x
          for x in inputs]
    wrt = [i for i, x in enumerate(xs) if isinstance(x, tf.Tensor) and x.dtype.is_floating]
    train_vars = list(variables(model).items())
    with tf.GradientTape(persistent=True) as tape:
        for i in wrt:
            tape.watch(xs[i])
        out = dict(leaves(model(*xs, training=train)))
        loss = tf.add_n([tf.reduce_sum(tf.cast(out[p], tf.float32) * tf.constant(w)) for p, w in projections.items()])
    trainable = [(p, v) for p, v in train_vars if v.trainable]
    grads = tape.gradient(loss, [v.value for _, v in trainable] + [xs[i] for i in wrt])
    del tape
    holder = copy(model)
    held = variables(holder)
    for path, v in train_vars:   # no gradient for a non-trainable variable (as PyTorch's holder: zeros)
        if not v.trainable and np.dtype(v.dtype).kind == "f":
            held[path].assign(np.zeros(v.shape, v.dtype))
    for (path, v), g in zip(trainable, grads[:len(trainable)]):   # an Embedding's: IndexedSlices
        held[path].assign(np.zeros(v.shape, v.dtype) if g is None else np.array(tf.convert_to_tensor(g)))
    in_grads: list = [None] * len(xs)
    for i, g in zip(wrt, grads[len(trainable):]):
        in_grads[i] = np.zeros(xs[i].shape, np.float32) if g is None else np.array(g)
    return in_grads, holder
