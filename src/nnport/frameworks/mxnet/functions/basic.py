"""Pivot ops -> F.* operators: relu (reshape and flatten: shape.py; zeros and ones: creation.py)."""
from __future__ import annotations

from nnport.frameworks.mxnet.functions._registry import fn
from nnport.translate.emit import call

fn("mxnet.ndarray.relu", "relu", call("F.relu", "{input}"))
