"""keras functions: functional normalization as helper functions of support/norm.py (the shared table,
frameworks/norm_functions.py). Activations, dropout...: nnf.py."""
from nnport.frameworks.keras.functions._registry import fn
from nnport.frameworks.keras.support import helper
from nnport.frameworks.norm_functions import register

register(fn, helper)
