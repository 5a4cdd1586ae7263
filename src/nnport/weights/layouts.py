"""Axis labels ("out,in,*s") -> permutations between two frameworks' weight layouts."""
from __future__ import annotations

import numpy as np


def expand(axes: str, ndim: int) -> list[str]:
    labels = [a.strip() for a in axes.split(",") if a.strip()]
    if "*s" in labels:
        k = ndim - (len(labels) - 1)
        i = labels.index("*s")
        labels = labels[:i] + [f"s{j}" for j in range(k)] + labels[i + 1:]
    if len(labels) != ndim:
        raise ValueError(f"axis labels {axes!r} do not fit an array of rank {ndim}")
    return labels


def permute(value: np.ndarray, src_axes: str, dst_axes: str) -> np.ndarray:
    """Reorder `value` from labels `src_axes` to labels `dst_axes`."""
    src = expand(src_axes, value.ndim)
    dst = expand(dst_axes, value.ndim)
    if sorted(src) != sorted(dst):
        raise ValueError(f"cannot map axes {src_axes!r} to {dst_axes!r}")
    return np.transpose(value, [src.index(label) for label in dst])
