"""flax functions: functional normalization as helper functions of support/norm.py (the shared
table, frameworks/norm_functions.py). F.bilinear: seq.py. Activations, dropout...: nnf.py."""
from __future__ import annotations

from nnport.frameworks.flax.functions._registry import fn
from nnport.frameworks.flax.support import helper
from nnport.frameworks.norm_functions import register

register(fn, helper, ", axis=1")
