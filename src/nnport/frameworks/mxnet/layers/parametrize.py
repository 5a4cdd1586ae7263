"""support/parametrize.py's WeightNorm as a transfer target: the source's weight_norm parts (canonical
`weight_g`, `weight_v`: the weight's axes, g of size 1 on all but `dim`) and the layer's other weights
(bias) are written into the wrapper's parameters, each permuted as the wrapped layer's weight entry says."""
from __future__ import annotations

from nnport.frameworks.mxnet.layers._registry import layer


def weight_norm_transfer(canon, mod, rt) -> dict[str, str]:
    from nnport.errors import WeightTransferError
    from nnport.frameworks.mxnet.layers import LAYERS
    from nnport.weights.layouts import permute
    from nnport.weights.transfer import _entry_for
    inner = _entry_for(mod.layer, LAYERS, rt)
    if inner is None:
        raise WeightTransferError(f"WeightNorm of {type(mod.layer).__qualname__}: no table entry for the layer")
    canon, written = dict(canon), {}
    for dname, w in inner.weights.items():
        for part, key in ((("weight_g", "_g"), ("weight_v", "_v")) if dname == "weight" else ((dname, ""),)):
            if rt.get_array(mod, part) is None:
                continue   # a layer without bias
            if f"{w.name}{key}" not in canon:
                raise WeightTransferError(f"WeightNorm.{part}: no source weight {w.name + key!r}")
            value, axes, src = canon.pop(f"{w.name}{key}")
            try:
                rt.set_array(mod, part, permute(value, axes, w.axes))
            except ValueError as e:
                raise WeightTransferError(f"{src} -> {part}: {e}") from None
            written[part] = src
    if canon:
        raise WeightTransferError(f"source weights {sorted(canon)} have no place in WeightNorm")
    return written


layer("WeightNorm", "weight_norm", None, None, transfer=weight_norm_transfer)   # support/parametrize.py
