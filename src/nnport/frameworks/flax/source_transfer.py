"""Flax NNX -> PyTorch weight transfer: every nnx layer's Variables into the module its translation
made, through the reader tables' weights (Flax names and layouts -> canonical -> the PyTorch entry's:
Linear's kernel (in, out) -> weight (out, in), Conv's (*spatial, in, out) -> (out, in, *spatial)).

Paths: a module's submodules by attribute name on both sides; `nnx.Sequential`'s `layers` and
`nnx.List` items by index (a function element of an nnx.Sequential is a weightless PyTorch layer at
the same index). A user module's own nnx.Param / BatchStat / Variable attributes keep their names
(PyTorch parameters and buffers). ConvTranspose: Flax correlates with the kernel as stored
(transpose_kernel=False), PyTorch with it flipped: the kernel is flipped along its spatial axes here
(transpose_kernel=True: Flax flips it, the kernel stored (*spatial, out, in): its last axes swapped).
The Flax writer's support classes with PyTorch's interface (LSTM, GRU, their cells, MultiheadAttention:
reading/helper_classes.py) export PyTorch's own parameters (weight_ih_l0, in_proj_weight...).
The generic import (weights/transfer.import_weights) then writes each module and checks every target
weight was written.
"""
from __future__ import annotations

import numpy as np

from nnport.errors import WeightTransferError
from nnport.weights.transfer import ModuleWeights, WeightExport, import_weights


def flax_to_torch(src, dst, example_inputs=None) -> dict[str, str]:
    """`src`: an NNX model, or a Linen model bound to its variables (`linen_model.bind(variables)`),
    moved into the NNX model its rewrite makes first (linen/transfer.to_nnx_model)."""
    from nnport.frameworks.flax.linen.transfer import is_bound_linen, to_nnx_model
    from nnport.frameworks.torch import runtime as trt
    if is_bound_linen(src):
        src = to_nnx_model(src)
    trt.materialize(dst, example_inputs)
    export = WeightExport("flax")
    _walk(src, (), export.modules)
    return import_weights(export, dst, example_inputs=example_inputs)


TRANSFERS = {"torch": flax_to_torch}   # target framework -> transfer (weights/transfer.py dispatches)


def _entry(mod):
    from nnport.frameworks import source
    from nnport.frameworks.runtime_common import resolve
    for base in type(mod).__mro__:
        for entry in source("flax").layers:
            if entry.kind == "layer" and entry.weights and resolve(entry.api) is base:
                return entry
    return None


def _children(mod):
    """(name, child) pairs of an nnx module: attributes, Sequential layers and List items by index."""
    from flax import nnx
    if isinstance(mod, nnx.Sequential):
        return [(str(i), c) for i, c in enumerate(mod.layers)]
    if isinstance(mod, nnx.List):
        return [(str(i), c) for i, c in enumerate(mod)]
    if isinstance(mod, nnx.Dict):
        return [(str(k), c) for k, c in mod.items()]
    out = []
    for name, value in vars(mod).items():
        if name.startswith("_"):
            continue
        if isinstance(value, (nnx.Module, nnx.List, nnx.Dict)):
            out.append((name, value))
        elif isinstance(value, (list, tuple)) and any(isinstance(v, nnx.Module) for v in value):
            raise WeightTransferError(f"{name}: a plain list of modules; nnx.List is what nnport reads")
    return out


def _arrays(mod) -> dict[str, np.ndarray]:
    from flax import nnx
    return {name: np.asarray(v[...]).copy() for name, v in vars(mod).items()
            if isinstance(v, nnx.Variable) and not isinstance(v, nnx.RngState) and not name.startswith("_")}


def _recurrent(cell) -> dict[str, np.ndarray]:
    """An LSTMCell's / GRUCell's Linears as PyTorch's weight_ih_l0 & co (gates i, f, g, o / r, z, n)."""
    from flax import nnx

    def t(lin):
        return np.asarray(lin.kernel[...]).T

    def b(lin, n):
        return np.asarray(lin.bias[...]) if lin.bias is not None else np.zeros(n, np.float32)
    if isinstance(cell, nnx.LSTMCell):
        xs, hs = [cell.ii, cell.if_, cell.ig, cell.io], [cell.hi, cell.hf, cell.hg, cell.ho]
        h = hs[0].out_features
        return {"weight_ih_l0": np.concatenate([t(x) for x in xs]), "weight_hh_l0": np.concatenate([t(x) for x in hs]),
                "bias_ih_l0": np.concatenate([b(x, h) for x in xs]), "bias_hh_l0": np.concatenate([b(x, h) for x in hs])}
    if isinstance(cell, nnx.OptimizedLSTMCell):   # fused: dense_i (no bias) / dense_h, gates i, f, g, o
        h = cell.dense_h.out_features // 4
        return {"weight_ih_l0": t(cell.dense_i), "weight_hh_l0": t(cell.dense_h),
                "bias_ih_l0": np.zeros(4 * h, np.float32), "bias_hh_l0": b(cell.dense_h, 4 * h)}
    if isinstance(cell, nnx.GRUCell):
        n = cell.dense_h.out_features
        return {"weight_ih_l0": t(cell.dense_i), "weight_hh_l0": t(cell.dense_h),
                "bias_ih_l0": b(cell.dense_i, n), "bias_hh_l0": b(cell.dense_h, n)}
    raise WeightTransferError(f"nnx.RNN({type(cell).__name__}): only LSTMCell, OptimizedLSTMCell and GRUCell "
                              "are transferred")


def _attention(mod, path: tuple) -> list[ModuleWeights]:
    """query/key/value kernels (in, heads, head_dim) -> in_proj_weight (3 E, E); out (heads, head_dim, E) ->
    out_proj, a child Linear."""
    def kernel(lin):
        k = np.asarray(lin.kernel[...])
        return k.reshape(k.shape[0], -1).T
    qkv = [mod.query, mod.key, mod.value]
    arrays = {"in_proj_weight": np.concatenate([kernel(p) for p in qkv])}
    if mod.use_bias:
        arrays["in_proj_bias"] = np.concatenate([np.asarray(p.bias[...]).reshape(-1) for p in qkv])
    k = np.asarray(mod.out.kernel[...])
    out_arrays = {"kernel": k.reshape(-1, k.shape[-1])}
    if mod.use_bias:
        out_arrays["bias"] = np.asarray(mod.out.bias[...])
    return [ModuleWeights(path, "flax.nnx.MultiHeadAttention", arrays),
            ModuleWeights((*path, "out_proj"), "flax.nnx.Linear", out_arrays)]


def _linear_pair(lin_ih, lin_hh, suffix: str) -> dict[str, np.ndarray]:
    out = {f"weight_ih{suffix}": np.asarray(lin_ih.kernel[...]).T, f"weight_hh{suffix}": np.asarray(lin_hh.kernel[...]).T}
    for part, lin in (("ih", lin_ih), ("hh", lin_hh)):
        if lin.bias is not None:
            out[f"bias_{part}{suffix}"] = np.asarray(lin.bias[...])
    return out


def _support_class(mod) -> dict[str, np.ndarray] | None:
    """The Flax writer's recurrent / attention support classes (reading/helper_classes.py), where a
    file carries them: their Linears as PyTorch's own parameters (the class's names, PyTorch's
    layout); None for any other module."""
    from nnport.frameworks.flax.reading.helper_classes import TORCH_LIKE
    name = type(mod).__name__
    if name not in TORCH_LIKE or type(mod).__module__.split(".")[0] == "flax":   # not nnx.LSTMCell
        return None
    if hasattr(mod, "cells") and hasattr(mod, "num_directions"):   # RNNBase: cells[layer * dirs + dir]
        out = {}
        for k, cell in enumerate(mod.cells):
            suffix = f"_l{k // mod.num_directions}" + ("_reverse" if k % mod.num_directions else "")
            out.update(_linear_pair(cell.ih, cell.hh, suffix))
        return out
    if hasattr(mod, "ih") and hasattr(mod, "hh"):   # LSTMCell / GRUCell / RNNCell
        return _linear_pair(mod.ih, mod.hh, "")
    if name == "PReLU":   # its slopes, PyTorch's `weight`
        return {"weight": np.asarray(mod.weight[...])}
    if name == "MultiheadAttention":   # q/k/v_proj: PyTorch's in_proj (or q/k/v_proj_weight); out_proj a child
        qkv = [mod.q_proj, mod.k_proj, mod.v_proj]
        ws = [np.asarray(p.kernel[...]).T for p in qkv]
        same = len({w.shape for w in ws}) == 1 and ws[0].shape[0] == ws[0].shape[1]
        out = {"in_proj_weight": np.concatenate(ws)} if same else {f"{p}_proj_weight": w for p, w in zip("qkv", ws)}
        if mod.q_proj.bias is not None:
            out["in_proj_bias"] = np.concatenate([np.asarray(p.bias[...]) for p in qkv])
        return out
    return None


def _walk(mod, path: tuple, out: list) -> None:
    from flax import nnx
    support = _support_class(mod) if isinstance(mod, nnx.Module) else None
    if support is not None:
        out.append(ModuleWeights(path, None, support))
        if hasattr(mod, "out_proj"):
            _walk(mod.out_proj, (*path, "out_proj"), out)
        return
    arrays = _arrays(mod)
    entry = _entry(mod) if isinstance(mod, nnx.Module) else None
    if entry is not None and entry.api == "flax.nnx.MultiHeadAttention":
        out.extend(_attention(mod, path))
        return
    if entry is not None and entry.api == "flax.nnx.RNN":
        out.append(ModuleWeights(path, entry.api, _recurrent(mod.cell)))
        return
    if entry is not None:
        if entry.api == "flax.nnx.ConvTranspose" and "kernel" in arrays:
            k = arrays["kernel"]   # transpose_kernel=True: PyTorch's kernel as is, (*spatial, out, in)
            arrays["kernel"] = np.ascontiguousarray(np.swapaxes(k, -1, -2) if mod.transpose_kernel else
                                                    np.flip(k, axis=tuple(range(k.ndim - 2))))
        arrays = {k: v for k, v in arrays.items() if k in entry.weights}
        if arrays:
            out.append(ModuleWeights(path, entry.api, arrays))
        return   # a table layer: its own variables are all it has
    if arrays:
        out.append(ModuleWeights(path, None, arrays))
    for name, child in _children(mod):
        _walk(child, (*path, name), out)
