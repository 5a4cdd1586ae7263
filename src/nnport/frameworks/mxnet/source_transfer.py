"""Gluon -> PyTorch weight transfer: every Gluon block's parameters into the module its translation
made, through the reader tables' weights (Gluon names -> canonical -> the PyTorch entry's names).

Paths: a block's children are found by attribute name on both sides; the children of a Sequential
by order among those that hold weights (the translation adds weightless elements to a PyTorch
Sequential: nn.Flatten before a flattening Dense, an activation after a block with activation=).
A user block's own parameters (`self.params.get`) keep their names. The generic import
(weights/transfer.import_weights) then writes each module and checks every target weight was written.
"""
from __future__ import annotations

import numpy as np

from nnport.errors import WeightTransferError
from nnport.weights.transfer import ModuleWeights, WeightExport, import_weights


def gluon_to_torch(src, dst, example_inputs=None) -> dict[str, str]:
    from nnport.frameworks.mxnet import runtime as mrt
    from nnport.frameworks.torch import runtime as trt
    mrt.prepare(src, example_inputs)
    mrt.check_built(src)
    trt.materialize(dst, example_inputs)
    export = WeightExport("mxnet")
    where: dict[str, str] = {}   # PyTorch module path -> the Gluon block's
    _walk(src, dst, (), (), export.modules, where)
    written = import_weights(export, dst, example_inputs=example_inputs)
    out = {}
    for target, source in written.items():   # source paths as Gluon names them
        module, _, name = source.rpartition(".")
        out[target] = f"{where.get(module, module)}.{name}" if module else source
    return out


def _entry(block):
    from nnport.frameworks import source
    from nnport.frameworks.runtime_common import resolve
    for entry in source("mxnet").layers:
        if entry.kind == "layer" and entry.weights and resolve(entry.api) is type(block):
            return entry
    for base in type(block).__mro__[1:]:
        for entry in source("mxnet").layers:
            if entry.kind == "layer" and entry.weights and resolve(entry.api) is base:
                return entry
    return _helper_entry(block)


def _helper_entry(block):
    """A copy of a Gluon writer's support block (reading/helpers.py) read back by its name: its entry
    where the block's parameters are those the entry maps."""
    from nnport.frameworks import source
    from nnport.frameworks.mxnet.reading.support_calls import NAMESPACE
    entry = source("mxnet").layers.get(f"{NAMESPACE}.{type(block).__name__}")
    if entry is not None and entry.weights and set(block._reg_params) <= set(entry.weights):
        return entry
    return None


def _holds_weights(block) -> bool:
    return bool(block._reg_params) or any(_holds_weights(c) for c in block._children.values())


def _torch_holds(mod) -> bool:
    return any(True for _ in mod.parameters()) or any(
        b is not None for n, b in mod.named_buffers() if not n.endswith("num_batches_tracked"))


def _walk(block, mod, path: tuple, gpath: tuple, out: list, where: dict) -> None:
    import torch
    from mxnet.gluon import nn
    from nnport.frameworks.mxnet.runtime import _parameter_lists
    lists = _parameter_lists(block)   # parameter_list(self, "ws", ...): PyTorch's ParameterList `ws.0`, `ws.1`...
    listed = {id(p) for ps in lists.values() for p in ps._reg_params.values()}
    for lname, ps in lists.items():
        out.append(ModuleWeights((*path, lname), None, {k: p.data().asnumpy().copy() for k, p in ps._reg_params.items()}))
        where[".".join((*path, lname))] = ".".join((*gpath, lname))
    arrays = {name: p.data().asnumpy().copy() for name, p in block._reg_params.items() if id(p) not in listed}
    for name, neutral in (("gamma", 1.0), ("beta", 0.0)):   # center=False / scale=False: fixed, no PyTorch weight
        p = block._reg_params.get(name)
        if p is not None and p.grad_req == "null" and mod is not None and getattr(mod, "affine", True) is False:
            if not np.all(arrays[name] == neutral):
                raise WeightTransferError(f"{'.'.join((*path, name))}: a fixed {name} of other values than "
                                          f"{neutral} has no place in {type(mod).__name__}(affine=False)")
            del arrays[name]
    if arrays:
        entry = _entry(block)
        out.append(ModuleWeights(path, None if entry is None else entry.api, arrays))
        where[".".join(path) or "<root>"] = ".".join(gpath) or "<root>"
        if entry is not None and not any(_holds_weights(c) for c in block._children.values()):
            return   # a table layer: its own parameters are all it has (MultiheadAttention's out_proj: a child)
    if isinstance(block, (nn.Sequential, nn.HybridSequential)) and isinstance(mod, torch.nn.Sequential):
        mine = [c for c in block._children.values() if _holds_weights(c)]
        theirs = [(k, m) for k, m in mod._modules.items() if m is not None and _torch_holds(m)]
        if len(mine) != len(theirs):
            raise WeightTransferError(f"{'.'.join(path) or '<root>'}: {len(mine)} Gluon blocks with weights, "
                                      f"{len(theirs)} PyTorch modules with weights in the Sequential")
        names = [n for n, c in block._children.items() if _holds_weights(c)]
        for n, c, (k, m) in zip(names, mine, theirs):
            _walk(c, m, (*path, k), (*gpath, n), out, where)
        return
    for name, c in block._children.items():
        if not _holds_weights(c):
            continue
        m = getattr(mod, name, None)
        if m is None:
            raise WeightTransferError(f"{'.'.join((*path, name))}: no module of this name in the PyTorch model")
        _walk(c, m, (*path, name), (*gpath, name), out, where)


TRANSFERS = {"torch": gluon_to_torch}   # target framework -> transfer (weights/transfer.py dispatches)
