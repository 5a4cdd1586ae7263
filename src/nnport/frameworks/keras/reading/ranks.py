"""Tensor ranks through a Sequential whose shapes are unknown (never built, no example input): the
rank a layer class needs (Conv2D: 4) and the rank it returns (Flatten: 2), as data."""
from __future__ import annotations

import re

_ND = re.compile(r"(\d)D(Transpose)?$")
TO_RANK_2 = ("Flatten", "GlobalAveragePooling", "GlobalMaxPooling")
SEQUENCE = ("LSTM", "GRU", "SimpleRNN", "Bidirectional", "Conv1D", "MultiHeadAttention")


def _cls(api: str) -> str:
    return api.rsplit(".", 1)[-1]


def needed_rank(api: str) -> int | None:
    cls = _cls(api)
    m = _ND.search(cls)
    if m:
        return int(m.group(1)) + 2
    if cls.startswith(SEQUENCE):
        return 3
    if cls in ("Embedding", "RepeatVector"):
        return 2
    return None


def input_rank(layers) -> int:
    for layer in layers:
        rank = needed_rank(f"{type(layer).__module__}.{type(layer).__name__}")
        if rank is not None:
            return rank
    return 2


def output_rank(api: str, config: dict, rank: int) -> int:
    cls = _cls(api)
    if cls.startswith(TO_RANK_2):
        return rank if config.get("keepdims") else 2
    if cls == "Reshape":
        return len(config["target_shape"]) + 1
    if cls in ("Embedding", "RepeatVector"):
        return rank + 1
    if cls in ("LSTM", "GRU", "SimpleRNN") and not config.get("return_sequences"):
        return 2
    if cls == "Bidirectional" and not config["layer"]["config"].get("return_sequences"):
        return 2
    return rank
