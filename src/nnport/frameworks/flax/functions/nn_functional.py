"""flax functions: functional normalization as helper functions of support/norm.py (the shared
table, frameworks/norm_functions.py) and F.bilinear as a jnp.einsum. Activations, dropout...: nnf.py."""
from __future__ import annotations

from nnport.frameworks.flax.functions._registry import fn
from nnport.frameworks.flax.support import helper
from nnport.frameworks.norm_functions import register
from nnport.translate.emit import expr

register(fn, helper, ", axis=1")


def _bilinear(c, ctx):
    out = expr("jnp.einsum('...i,oij,...j->...o', {a}, {w}, {b})", a=c.get("input1"), w=c.get("weight"),
               b=c.get("input2"))
    if c.get("bias") is None or c.lit("bias") is None:
        return out
    return expr("{y} + {bias}", y=out, bias=c.get("bias"))


fn("bilinear_fn", "bilinear_fn", _bilinear)
