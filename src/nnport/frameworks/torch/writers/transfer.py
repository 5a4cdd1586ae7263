"""PyTorch as a target: weight transfer hooks of entries whose weights a table lists by pattern."""
from __future__ import annotations


def by_name(canon, dmod, rt) -> dict[str, str]:
    """Recurrent layers (weight_ih_l0, bias_hh_l1_reverse...): canonical names are PyTorch's own,
    so each array goes to the parameter of its name; every one of the module's must be written."""
    from nnport.errors import WeightTransferError
    written = {}
    for name, (value, _, src) in canon.items():
        if rt.get_array(dmod, name) is None:
            raise WeightTransferError(f"{src}: no {name!r} in the target {type(dmod).__name__}")
        try:
            rt.set_array(dmod, name, value)
        except ValueError as e:
            raise WeightTransferError(f"{src}: {e}") from None
        written[name] = src
    missing = [n for n, _ in dmod.named_parameters(recurse=False) if n not in written]
    if missing:
        raise WeightTransferError(f"{type(dmod).__name__}: no source weights for {', '.join(missing)}")
    return written
