"""transfer(keras_model, torch_model): Keras weights into the PyTorch translation, by layer name.

A functional or Sequential model's layers map to submodules named by `names.attr_name(layer.name)`;
a nested model (or a TimeDistributed over one) to a submodule of its own class; any other layer
with sublayers is walked by attribute (keras/shapes.py's rule), a list attribute by index. Layers
with a reader have a conversion in weights.WEIGHTS; a layer without one (the user's own) gives its
own variables to the parameters or buffers of the same names.
"""
from __future__ import annotations

import numpy as np

from nnport.errors import WeightTransferError
from nnport.frameworks.keras.reading.names import attr_name
from nnport.frameworks.keras.reading.weights import WEIGHTS
from nnport.frameworks.keras.shapes import _children, _is_graph_model, class_name

SKIP_BUFFERS = ("num_batches_tracked",)


def _tensor(module, name: str):
    for n, t in [*module.named_parameters(recurse=False), *module.named_buffers(recurse=False)]:
        if n == name:
            return t
    return None


def _child(module, name: str, where: str):
    import torch.nn as nn
    sub = module
    for part in name.split("."):
        if isinstance(sub, (nn.ModuleList, nn.Sequential)) and part.isdigit():
            sub = sub[int(part)]
        else:
            sub = getattr(sub, part, None)
        if sub is None:
            raise WeightTransferError(f"{where}: no submodule {name!r} in {type(module).__name__}")
    return sub


def _write(module, name: str, value: np.ndarray, where: str, written: dict, optional=False) -> None:
    t = _tensor(module, name)
    if t is None:
        if optional:
            return
        raise WeightTransferError(f"{where}: the PyTorch {type(module).__name__} has no {name!r}")
    if tuple(t.shape) != tuple(value.shape):
        raise WeightTransferError(f"{where}: shape {tuple(value.shape)} does not fit {name} {tuple(t.shape)}")
    written[id(t)] = (t, np.asarray(value), where)


def _layers(layer):
    """(attribute, sublayer) of a Keras layer, as the PyTorch translation names its submodules."""
    if _is_graph_model(layer):
        for sub in layer.layers:
            yield attr_name(sub.name), sub
    else:
        seen: set[int] = set()
        for name, sub in _children(layer):   # a sublayer under several paths: its first one
            if id(sub) not in seen:
                seen.add(id(sub))
                yield name, sub


def _walk(layer, parent, attr: str | None, where: str, written: set) -> None:
    """Write `layer`'s weights into `parent.<attr>` (the model itself where attr is None)."""
    api = class_name(layer)
    if api == "keras.layers.TimeDistributed":
        layer = layer.layer
        api = class_name(layer)
    convert = WEIGHTS.get(api)
    if convert is not None and attr is not None:
        for (suffix, name), value in convert(layer).items():
            target = _child(parent, f"{attr}_{suffix}" if suffix else attr, where)
            plain = name.lstrip("?")
            if "." in plain:   # a parameter of a helper's submodule ("query.weight")
                sub, plain = plain.rsplit(".", 1)
                target = _child(target, sub, where)
            _write(target, plain, value, f"{where}.{plain}", written, optional=name.startswith("?"))
        return
    module = parent if attr is None else _child(parent, attr, where)
    if not _is_graph_model(layer):
        inner = {id(v) for _, s in _children(layer) for v in s.weights}
        for v in layer.weights:
            if id(v) not in inner:
                _write(module, v.name, np.asarray(v.numpy()), f"{where}.{v.name}", written)
    for name, sub in _layers(layer):
        if sub.weights or class_name(sub) in WEIGHTS:
            _walk(sub, module, name, f"{where}.{name}" if where else name, written)


def converted(keras_model, torch_model) -> dict[str, tuple]:
    """{PyTorch tensor path: (tensor, the Keras value converted to its layout)}, nothing written."""
    written: dict = {}
    _walk(keras_model, torch_model, None, "", written)
    names = {id(t): n for n, t in [*torch_model.named_parameters(), *torch_model.named_buffers()]}
    return {names.get(k, where): (t, v) for k, (t, v, where) in written.items()}


def _torch_tree(tree):
    import torch
    if isinstance(tree, dict):
        return {k: _torch_tree(v) for k, v in tree.items()}
    if isinstance(tree, (list, tuple)):
        return type(tree)(_torch_tree(v) for v in tree)
    return tree if isinstance(tree, torch.Tensor) else torch.from_numpy(np.array(tree, copy=True))


def _materialize(torch_model, example_inputs) -> None:
    """Lazy modules (nn.LazyLinear...) get their weights on the first call: make it before copying."""
    import torch
    from torch.nn.parameter import is_lazy
    if not any(is_lazy(p) for p in torch_model.parameters()):
        return
    if example_inputs is None:
        raise WeightTransferError("the PyTorch model has lazy modules: pass example_inputs to build them")
    with torch.no_grad():
        torch_model(*_torch_tree(list(example_inputs)))


def transfer(keras_model, torch_model, example_inputs=None) -> dict[str, str]:
    import torch
    if not keras_model.built:
        if example_inputs is None:
            raise WeightTransferError("the Keras model is not built: pass example_inputs")
        keras_model(*example_inputs, training=False)
    _materialize(torch_model, example_inputs)
    pairs = converted(keras_model, torch_model)
    missing = [n for n, t in [*torch_model.named_parameters(), *torch_model.named_buffers()]
               if n not in pairs and n.rsplit(".", 1)[-1] not in SKIP_BUFFERS]
    if missing:
        raise WeightTransferError(f"PyTorch weights not written by the transfer: {', '.join(missing[:10])}")
    with torch.no_grad():
        for t, v in pairs.values():
            t.copy_(torch.from_numpy(np.array(v, copy=True)).to(t.dtype))
    return {n: n for n in pairs}
