"""Weights of a subclassed Keras model -> its PyTorch translation (keras -> torch, the CST route).

Both models are walked in the order their layers were assigned (Keras tracks sublayers in
assignment order, PyTorch registers submodules so): the layers with weights of each side, and each
user layer's own variables (`add_weight`), are paired one to one; a pair whose kinds differ, or an
array whose shape does not fit, raises. The model must be built (called once) first: Keras creates
weights on the first call, and a lazy PyTorch module too.
"""
from __future__ import annotations

import numpy as np

from nnport.errors import WeightTransferError

# Keras class name -> PyTorch class names it may have become
KINDS = {"Dense": ("Linear", "LazyLinear"), "Conv1D": ("Conv1d", "LazyConv1d"),
         "Conv2D": ("Conv2d", "LazyConv2d"), "Conv3D": ("Conv3d",), "LayerNormalization": ("LayerNorm",),
         "BatchNormalization": ("BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LazyBatchNorm1d",
                                "LazyBatchNorm2d", *(f"Keras{lazy}BatchNorm{n}d" for lazy in ("", "Lazy")
                                                     for n in (1, 2, 3))),
         "Embedding": ("Embedding",), "LSTM": ("LSTM",), "GRU": ("GRU",),
         "MultiHeadAttention": ("MultiheadAttention",), "PReLU": ("PReLU",),
         **{f"Conv{n}DTranspose": (f"ConvTranspose{n}d",) for n in (1, 2, 3)}, "GroupNormalization": ("GroupNorm",),
         "RMSNormalization": ("RMSNorm",)}
# the Keras writer's helper classes (keras/support), read back as PyTorch's modules
# (keras/reading/support_readers.py): their weights are those of this kind. A user class of the same
# name but other weights fails to pair (an error, never a silent copy).
HELPER_KINDS = {**{f"{p}Conv{n}D": f"Conv{n}D" for p in ("ChannelsFirst", "Padded") for n in (1, 2, 3)},
                **{f"{p}Conv{n}DTranspose": f"Conv{n}DTranspose" for p in ("ChannelsFirst", "Cropped", "Dilated")
                   for n in (1, 2, 3)},
                "BatchNorm": "BatchNormalization", "PReLU": "PReLU"}
TORCH_LEAVES = {t for ts in KINDS.values() for t in ts}
HELPER_LEAVES = {t for t in TORCH_LEAVES if t.startswith("Keras")}   # the translation's own classes


def keras_leaves(layer, out=None, top=True):
    """[(kind, layer)] in tracking order: built-in layers with weights, user layers' own variables."""
    import keras
    from nnport.frameworks.keras.shapes import _is_graph_model
    out = [] if out is None else out
    name = type(layer).__name__
    if not top and name in KINDS and type(layer).__module__.startswith("keras"):
        out.append((name, layer))
        return out
    if not top and name in HELPER_KINDS and type(layer).__module__.split(".")[0] != "keras":
        out.append((HELPER_KINDS[name], layer))
        return out
    if not top and _is_graph_model(layer) and not isinstance(layer, keras.Sequential):
        out.append(("graph", layer))   # a functional model: the graph route's class, by layer name
        return out
    own = [v for v in layer._trainable_variables + layer._non_trainable_variables]
    if own:
        out.append(("vars", layer))
    for sub in layer._flatten_layers(include_self=False, recursive=False):
        if isinstance(sub, keras.layers.InputLayer):
            continue
        keras_leaves(sub, out, top=False)
    return out


def torch_leaves(module, ks, out=None, top=True):
    """The PyTorch side, walked in step with the Keras leaves `ks`: where Keras has a functional
    model next, the user module met there stands for it as a whole."""
    out = [] if out is None else out
    name = type(module).__name__
    builtin = type(module).__module__.startswith("torch.nn") or name in HELPER_LEAVES
    if not top and not builtin and len(out) < len(ks) and ks[len(out)][0] == "graph":
        out.append(("graph", module))
        return out
    if not top and name in TORCH_LEAVES and builtin:
        out.append((name, module))
        return out
    if _own_tensors(module):
        out.append(("vars", module))
    for sub in module.children():
        if not _variable_list(sub):
            torch_leaves(sub, ks, out, top=False)
    return out


def _variable_list(module) -> bool:
    """nn.ParameterList / ParameterDict: a Keras layer's list of variables, its own variables."""
    import torch
    return isinstance(module, (torch.nn.ParameterList, torch.nn.ParameterDict))


def _own_tensors(module) -> list:
    """A module's parameters (its variable lists' included), then its buffers: Keras' trainable
    variables, then the others."""
    lists = [p for sub in module.children() if _variable_list(sub) for p in sub.parameters()]
    return [*module.parameters(recurse=False), *lists, *module.buffers(recurse=False)]


def _graph(k, t) -> int:
    """A functional model inside: the graph route's transfer, by layer name."""
    import torch
    from nnport.frameworks.keras.reading.transfer import converted
    pairs = converted(k, t)
    with torch.no_grad():
        for tensor, value in pairs.values():
            tensor.copy_(torch.from_numpy(np.array(value, copy=True)).to(tensor.dtype))
    return len(pairs)


def transfer(kmodel, tmodel) -> int:
    """Copy every weight; returns the number of arrays copied."""
    ks = keras_leaves(kmodel)
    ts = torch_leaves(tmodel, ks)
    if len(ks) != len(ts):
        raise WeightTransferError(f"{len(ks)} Keras layers with weights, {len(ts)} PyTorch modules: "
                                  f"{[k for k, _ in ks]} vs {[t for t, _ in ts]}")
    n = 0
    for (kk, k), (tk, t) in zip(ks, ts):
        if kk == "graph" or tk == "graph":
            if kk != tk:
                raise WeightTransferError(f"{k.name}: {kk} paired with a PyTorch {tk}")
            n += _graph(k, t)
        elif kk == "vars" or tk == "vars":
            if kk != tk:
                raise WeightTransferError(f"{k.name}: {kk} paired with a PyTorch {tk}")
            n += _own(k, t)
        elif tk not in KINDS[kk]:
            raise WeightTransferError(f"{k.name}: a Keras {kk} paired with a PyTorch {tk}")
        elif kk in COPY:
            n += COPY[kk](k, t)
        else:   # the graph route's conversions (keras/reading/weights.py), the module's own names
            from nnport.frameworks.keras.reading.weights import WEIGHTS
            for (suffix, name), value in WEIGHTS[f"keras.layers.{kk}"](k).items():
                if suffix:
                    raise WeightTransferError(f"{k.name}: {kk} written as more than one module")
                n += _set(getattr(t, name), value, f"{k.name} -> {name}")
    return n


def _set(param, value, what: str) -> int:
    import torch
    value = np.asarray(value)
    if tuple(param.shape) != value.shape:
        raise WeightTransferError(f"{what}: PyTorch shape {tuple(param.shape)}, Keras {value.shape}")
    with torch.no_grad():
        param.copy_(torch.as_tensor(np.ascontiguousarray(value), dtype=param.dtype))
    return 1


def _np(v):
    return np.asarray(v.numpy() if hasattr(v, "numpy") else v)


def _own(k, t) -> int:
    kv = [_np(v) for v in k._trainable_variables + k._non_trainable_variables]
    tv = _own_tensors(t)
    if len(kv) != len(tv):
        raise WeightTransferError(f"{k.name}: {len(kv)} variables, PyTorch {len(tv)}")
    return sum(_set(p, v, f"{k.name} variable {i}") for i, (p, v) in enumerate(zip(tv, kv)))


def _dense(k, t) -> int:
    n = _set(t.weight, _np(k.kernel).T, f"{k.name}.kernel")
    if k.use_bias:
        n += _set(t.bias, _np(k.bias), f"{k.name}.bias")
    return n


def _conv(k, t) -> int:
    w = _np(k.kernel)                       # (*spatial, in/groups, out)
    r = w.ndim - 2
    n = _set(t.weight, w.transpose(r + 1, r, *range(r)), f"{k.name}.kernel")
    if k.use_bias:
        n += _set(t.bias, _np(k.bias), f"{k.name}.bias")
    return n


def _norm(k, t) -> int:
    n = 0
    if getattr(k, "gamma", None) is not None:
        n += _set(t.weight, _np(k.gamma), f"{k.name}.gamma")
    if getattr(k, "beta", None) is not None:
        n += _set(t.bias, _np(k.beta), f"{k.name}.beta")
    if getattr(k, "moving_mean", None) is not None:
        n += _set(t.running_mean, _np(k.moving_mean), f"{k.name}.moving_mean")
        n += _set(t.running_var, _np(k.moving_variance), f"{k.name}.moving_variance")
    return n


def _embedding(k, t) -> int:
    return _set(t.weight, _np(k.embeddings), f"{k.name}.embeddings")


def _prelu(k, t) -> int:
    return _set(t.weight, _np(k.alpha), f"{k.name}.alpha")


def _rms(k, t) -> int:
    return _set(t.weight, _np(k.scale), f"{k.name}.scale")


COPY = {"PReLU": _prelu, "RMSNormalization": _rms, "GroupNormalization": _norm,
        **{f"Conv{n}DTranspose": _conv for n in (1, 2, 3)}, "Dense": _dense, "Conv1D": _conv, "Conv2D": _conv, "Conv3D": _conv, "LayerNormalization": _norm,
        "BatchNormalization": _norm, "Embedding": _embedding}   # LSTM, GRU: keras/reading/weights.py

from nnport.frameworks.keras import source_transfer_rnn  # noqa: E402,F401 (LSTM, GRU, attention)


def keras_to_torch(kmodel, tmodel, example_inputs=None):
    """nnport.transfer_weights for Keras -> PyTorch: a functional/Sequential model by layer name
    (the graph route's transfer), a subclassed one by assignment order (this module). The PyTorch
    model is run once on `example_inputs` first where it has lazy modules or a first-call build."""
    import keras
    from nnport.frameworks.keras.shapes import _is_graph_model
    if _is_graph_model(kmodel):
        from nnport.frameworks.keras.reading.transfer import transfer as by_name
        return by_name(kmodel, tmodel, example_inputs)
    if not kmodel.built:
        if example_inputs is None:
            raise WeightTransferError("the Keras model is not built: pass example_inputs")
        kmodel(*example_inputs, training=False)
    if example_inputs is not None and _unbuilt(tmodel):
        import torch
        xs = [torch.as_tensor(np.asarray(x)) for x in keras.tree.flatten(list(example_inputs))]
        xs = [x.long() if not x.is_floating_point() else x for x in xs]
        was = tmodel.training
        tmodel.eval()   # building, not training: no statistics update, no training-only branch
        with torch.no_grad():
            tmodel(*xs)
        tmodel.train(was)
    if _unbuilt(tmodel):
        raise WeightTransferError("the PyTorch model has lazy modules or is built on its first call: "
                                  "pass example_inputs (or call it once) first")
    n = transfer(kmodel, tmodel)
    return {"arrays": n}


def _unbuilt(tmodel) -> bool:
    from torch.nn.parameter import UninitializedParameter
    return any(isinstance(p, UninitializedParameter) for p in tmodel.parameters()) or any(
        getattr(m, "built", True) is False for m in tmodel.modules())


TRANSFERS = {"torch": keras_to_torch}   # target framework -> transfer (weights/transfer.py dispatches)
