"""In-memory datasets for Flax: JAX has no data loader; a TensorDataset is the tuple of its tensors and
a DataLoader the list of its batches (the table is shared: frameworks/training_functions.py)."""
from __future__ import annotations

from nnport.frameworks.flax.functions._registry import fn
from nnport.frameworks.training_functions import register_data

register_data(fn)
