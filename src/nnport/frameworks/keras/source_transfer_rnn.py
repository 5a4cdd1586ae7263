"""Weights Keras -> PyTorch (CST route): recurrent layers and multi-head attention."""
from __future__ import annotations

import numpy as np

from nnport.frameworks.keras.source_transfer import COPY, _np, _set


def _mha(k, t) -> int:
    """Keras' query/key/value EinsumDense kernels (in, heads, key_dim) -> PyTorch's packed
    in_proj (3E, E), or q/k/v_proj_weight where kdim/vdim differ; output (heads, key_dim, E) -> out_proj."""
    dense = [k._query_dense, k._key_dense, k._value_dense]
    ws = [_np(d.kernel).reshape(_np(d.kernel).shape[0], -1).T for d in dense]
    n = 0
    if t._qkv_same_embed_dim:
        n += _set(t.in_proj_weight, np.concatenate(ws, 0), f"{k.name} q/k/v kernels")
    else:
        for w, p in zip(ws, (t.q_proj_weight, t.k_proj_weight, t.v_proj_weight)):
            n += _set(p, w, f"{k.name} kernel")
    if k._use_bias:
        n += _set(t.in_proj_bias, np.concatenate([_np(d.bias).reshape(-1) for d in dense]), f"{k.name} biases")
        n += _set(t.out_proj.bias, _np(k._output_dense.bias), f"{k.name} output bias")
    out = _np(k._output_dense.kernel)
    return n + _set(t.out_proj.weight, out.reshape(-1, out.shape[-1]).T, f"{k.name} output kernel")


COPY["MultiHeadAttention"] = _mha
