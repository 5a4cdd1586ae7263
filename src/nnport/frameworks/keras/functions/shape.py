"""Pivot ops -> keras.ops: shape ops beyond tensor.py (stacking variants, splits, diagonals, rotations,
unflatten/select, broadcasting helpers, Size/type predicates).

The forms keras.ops spells as jax.numpy does come from frameworks/shape_functions.py. Here: what
keras.ops lacks (atleast_*d, broadcast_tensors, column_stack: helpers from support/shape.py) or does
otherwise under TensorFlow: ops.vstack concatenates 1-D tensors as they are (PyTorch makes them rows),
ops.array_split takes no indices, ops.rot90 mixes the elements up for k = 2 on a non-square plane.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks import shape_functions
from nnport.frameworks.keras.functions._registry import fn
from nnport.frameworks.keras.support import helper
from nnport.frameworks.spec import code
from nnport.frameworks.tensor_functions import spread
from nnport.translate.emit import call, expr


def _unflatten(c, ctx):
    """ops.reshape to the sizes in place of axis `dim`, the other axes kept."""
    x, d, sizes = c.get("input"), c.lit("dim"), c.get("sizes")
    if isinstance(sizes, (cst.Tuple, cst.List)):
        inner = [code(e.value) for e in sizes.elements]
    else:
        inner = ["*" + code(sizes)]
    if not isinstance(d, int) or isinstance(d, bool):
        return expr("ops.reshape({x}, (*ops.shape({x})[:{d}], %s, *ops.shape({x})[{d}:][1:]))" % ", ".join(inner),
                    x=x, d=c.get("dim"))
    parts = ([] if d == 0 else [f"*ops.shape({{x}})[:{d}]"]) + inner + \
        ([] if d == -1 else [f"*ops.shape({{x}})[{d + 1}:]"])
    return expr("ops.reshape({x}, (%s%s))" % (", ".join(parts), "," if len(parts) == 1 else ""), x=x)


def _helper(name: str, *args, **kw):
    def emit(c, ctx):
        return call(helper(ctx, "shape", name), *args, **kw)(c, ctx)
    return emit


def _tensor_split(c, ctx):
    """An int: ops.array_split; a list or tuple of indices: ops.split (NumPy's rule for both)."""
    s = c.get("indices_or_sections")
    v = c.lit("indices_or_sections")
    if isinstance(v, int) and not isinstance(v, bool):
        return call("ops.array_split", "{input}", "{indices_or_sections}", axis="{dim}",
                    sig="x, indices_or_sections, axis=0")(c, ctx)
    if isinstance(s, (cst.List, cst.Tuple)):
        return expr("ops.split({x}, [%s], axis={d})" % ", ".join(code(e.value) for e in s.elements),
                    x=c.get("input"), d=c.get("dim"))
    return _helper("tensor_split", "{input}", "{indices_or_sections}", axis="{dim}",
                   sig="x, indices_or_sections, axis=0")(c, ctx)


fn("mT", "mT", lambda c, ctx: expr("ops.swapaxes({x}, -1, -2)", x=c.get("input")))
fn("unflatten", "unflatten", _unflatten)
fn("broadcast_tensors", "broadcast_tensors", _helper("broadcast_tensors", "{*tensors}"))
for _n in ("atleast_1d", "atleast_2d", "atleast_3d"):
    fn(_n, _n, _helper(_n, spread))
for _n in ("vstack", "column_stack"):
    fn(_n, _n, _helper(_n, "{tensors}"))
fn("tensor_split", "tensor_split", _tensor_split)
fn("rot90", "rot90", _helper("rot90", "{input}", k="{k}", dims="{dims}", sig="x, k=1, dims=(0, 1)"))
fn("keras.ops.is_tensor", "is_tensor", call("ops.is_tensor", "{obj}"))
fn("is_floating_point", "is_floating_point",
   lambda c, ctx: expr("keras.backend.is_float_dtype({x}.dtype)", x=c.get("input")))
shape_functions.register(fn, "ops", "keras.ops", "ops.ravel(g)")
