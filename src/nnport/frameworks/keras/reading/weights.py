"""Keras -> PyTorch weights for the modules the readers write, keyed like the readers.

    WEIGHTS["keras.layers.Conv2D"](layer) -> {(attribute suffix, torch name): array}

The suffix is "" for the layer's own module (`<name>_<suffix>` otherwise, as the readers name them).
`transfer(keras_model, torch_model)` walks the Keras layers (functional/Sequential: by layer name;
other layers: by attribute, as keras/shapes.layer_paths) and writes each into the PyTorch module of
the same name; afterwards every parameter and buffer of the PyTorch model must have been written
(BatchNorm's num_batches_tracked excepted), else WeightTransferError.
"""
from __future__ import annotations

import numpy as np


WEIGHTS: dict = {}


def weights(*apis):
    def register(fn):
        for api in apis:
            WEIGHTS[api] = fn
        return fn
    return register


def own(layer) -> dict[str, np.ndarray]:
    """A layer's variables by their names (`kernel`, `moving_mean`)."""
    return {v.name: np.asarray(v.numpy()) for v in layer.weights}


def conv_kernel(k: np.ndarray) -> np.ndarray:
    """(*spatial, in, out) -> (out, in, *spatial); a transposed conv's (*spatial, out, in) -> (in, out, *s)."""
    n = k.ndim - 2
    return np.ascontiguousarray(np.transpose(k, (n + 1, n, *range(n))))


def depthwise_kernel(k: np.ndarray) -> np.ndarray:
    """(*spatial, in, multiplier) -> (in * multiplier, 1, *spatial): output channel c * m + j."""
    n = k.ndim - 2
    flat = k.reshape(*k.shape[:n], -1)
    return np.ascontiguousarray(np.transpose(flat, (n, *range(n)))[:, None])


def _bias(w, out, suffix=""):
    if "bias" in w:
        out[(suffix, "bias")] = w["bias"]
    return out


@weights("keras.layers.Dense")
def dense(layer):
    w = own(layer)
    return _bias(w, {("", "weight"): np.ascontiguousarray(w["kernel"].T)})


@weights("keras.layers.Conv1D", "keras.layers.Conv2D", "keras.layers.Conv3D", "keras.layers.Conv1DTranspose",
         "keras.layers.Conv2DTranspose", "keras.layers.Conv3DTranspose")
def conv(layer):
    w = own(layer)
    return _bias(w, {("", "weight"): conv_kernel(w["kernel"])})


@weights("keras.layers.DepthwiseConv1D", "keras.layers.DepthwiseConv2D")
def depthwise(layer):
    w = own(layer)
    return _bias(w, {("", "weight"): depthwise_kernel(w["kernel"])})


@weights("keras.layers.SeparableConv1D", "keras.layers.SeparableConv2D")
def separable(layer):
    w = own(layer)
    return _bias(w, {("depthwise", "weight"): depthwise_kernel(w["depthwise_kernel"]),
                     ("pointwise", "weight"): conv_kernel(w["pointwise_kernel"])}, "pointwise")


@weights("keras.layers.BatchNormalization", "keras.layers.LayerNormalization", "keras.layers.GroupNormalization")
def norm(layer):
    """gamma/beta and the moving statistics. A missing gamma (beta) is its neutral value 1 (0) where the
    PyTorch layer has the parameter anyway (names starting with "?": written only if it exists)."""
    w = own(layer)
    names = {"gamma": "weight", "beta": "bias", "moving_mean": "running_mean", "moving_variance": "running_var"}
    out = {("", t): w[k] for k, t in names.items() if k in w}
    if w:
        size = next(iter(w.values())).shape
        if "gamma" not in w:
            out[("", "?weight")] = np.ones(size, np.float32)
        if "beta" not in w:
            out[("", "?bias")] = np.zeros(size, np.float32)
    return out


@weights("keras.layers.RMSNormalization")
def rms_norm(layer):
    return {("", "weight"): own(layer)["scale"]}


@weights("keras.layers.PReLU")
def prelu(layer):
    return {("", "weight"): own(layer)["alpha"].reshape(-1)}


@weights("keras.layers.Embedding")
def embedding(layer):
    return {("", "weight"): own(layer)["embeddings"]}


def _gates(a: np.ndarray, order) -> np.ndarray:
    """Blocks along the last axis reordered (GRU: Keras z, r, h -> PyTorch r, z, n)."""
    blocks = np.split(a, 3, axis=-1)
    return np.concatenate([blocks[i] for i in order], axis=-1)


def rnn_cell(cell, kind: str, suffix: str) -> dict:
    w = {v.name: np.asarray(v.numpy()) for v in cell.weights}
    k, r = w["kernel"], w["recurrent_kernel"]
    b = w.get("bias")
    if kind == "GRU":
        k, r = _gates(k, (1, 0, 2)), _gates(r, (1, 0, 2))
        if b is not None:
            b = _gates(b, (1, 0, 2))
    out = {("", f"weight_ih_l0{suffix}"): np.ascontiguousarray(k.T),
           ("", f"weight_hh_l0{suffix}"): np.ascontiguousarray(r.T)}
    if b is not None:
        if b.ndim == 2:   # GRU reset_after: input and recurrent biases
            b_ih, b_hh = b[0], b[1]
        else:             # one bias: PyTorch's second is zero
            b_ih, b_hh = b, np.zeros_like(b)
        out[("", f"bias_ih_l0{suffix}")] = b_ih
        out[("", f"bias_hh_l0{suffix}")] = b_hh
    return out


@weights("keras.layers.LSTM", "keras.layers.GRU", "keras.layers.SimpleRNN")
def rnn(layer):
    """LSTM gates i, f, c, o are PyTorch's i, f, g, o: the kernels transposed. A layer written as a
    KerasRNN loop (loop.py) keeps Keras' layout."""
    from nnport.frameworks.keras.reading.loop import needs_loop
    kind = type(layer).__name__
    if needs_loop(kind, layer.get_config()):
        return {("", v.name): np.asarray(v.numpy()) for v in layer.cell.weights}
    return rnn_cell(layer.cell, kind, "")


@weights("keras.layers.Bidirectional")
def bidirectional(layer):
    kind = type(layer.forward_layer).__name__
    return {**rnn_cell(layer.forward_layer.cell, kind, ""), **rnn_cell(layer.backward_layer.cell, kind, "_reverse")}


@weights("keras.layers.Normalization")
def normalization(layer):
    """Adapted statistics are variables (mean, variance; count is not needed), given ones constants
    (also written into the translated code): the buffers get either."""
    mean = np.asarray(layer.mean, np.float32).reshape(-1)
    var = np.asarray(layer.variance, np.float32).reshape(-1)
    return {("", "mean"): mean, ("", "variance"): var}


def _einsum_dense(dense, heads_first: bool) -> tuple[np.ndarray, np.ndarray | None]:
    """An EinsumDense projection as nn.Linear's (weight, bias): kernel (in, heads, dim) -> (heads*dim, in);
    the output projection's kernel (heads, dim, out) -> (out, heads*dim)."""
    w = {v.name: np.asarray(v.numpy()) for v in dense.weights}
    k = w["kernel"]
    weight = k.reshape(k.shape[0], -1).T if heads_first else k.reshape(-1, k.shape[-1]).T
    return np.ascontiguousarray(weight), None if "bias" not in w else w["bias"].reshape(-1)


@weights("keras.layers.MultiHeadAttention")
def multi_head_attention(layer):
    out = {}
    for name, dense, first in (("query", layer._query_dense, True), ("key", layer._key_dense, True),
                               ("value", layer._value_dense, True), ("output", layer._output_dense, False)):
        weight, bias = _einsum_dense(dense, first)
        out[("", f"{name}.weight")] = weight
        if bias is not None:
            out[("", f"{name}.bias")] = bias
    return out


@weights("keras.layers.Attention", "keras.layers.AdditiveAttention", "keras.layers.EinsumDense")
def attention(layer):
    return {("", v.name): np.asarray(v.numpy()) for v in layer.weights}
