"""torch functions and Tensor methods: shape ops not covered by tensor.py (stacking variants, splits,
diagonals, rotations, unflatten/unfold, broadcasting helpers, numpy/Size/type predicates).

Signatures are PyTorch's own (ATen schema names for C builtins without an inspectable signature).
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.spec import Unsupported
from nnport.frameworks.torch.functions._registry import attribute, fn, method, no_out


def _size_as_varargs(c, ctx):
    """torch.broadcast_to(x, size) reads as x.expand(size) (both keep -1 dims)."""
    c.varargs = [c.args.pop("size")]
    return c


def _requires_grad(c, ctx):
    if c.lit("requires_grad") is not True:
        raise Unsupported("requires_grad_(False) freezes a tensor: in JAX exclude it from the optimiser "
                          "(an nnx filter) or wrap its uses in jax.lax.stop_gradient")
    return c


def _new(c, ctx):
    """Legacy `x.new(2, 3)` (uninitialised, like new_empty) or `x.new([1.0, 2.0])` (like new_tensor)."""
    a = c.varargs
    if len(a) == 1 and isinstance(a[0], (cst.List, cst.Tuple)):
        c.op = "new_tensor"
        c.set("data", a[0])
        c.varargs = []
        return c
    if not a or len(a) == 1 and not isinstance(a[0], cst.Integer):
        raise Unsupported("Tensor.new(...): a size or data? write new_zeros(size) or new_tensor(data)")
    c.op = "new_zeros"   # uninitialised memory in PyTorch: zeros is one valid content
    return c


# --- aliases and small views ----------------------------------------------------------------------------
attribute("Tensor.mT", "mT")
fn("torch.swapdims", "transpose", "input, dim0, dim1")
method("swapdims", "transpose", "self, dim0, dim1")
fn("torch.ravel", "ravel", "input")
method("ravel", "ravel", "self")
fn("torch.unflatten", "unflatten", "input, dim, sizes")
method("unflatten", "unflatten", "self, dim, sizes")
method("unfold", "unfold_dim", "self, dimension, size, step")
fn("torch.select", "select", "input, dim, index")
method("select", "select", "self, dim, index")
fn("torch.broadcast_to", "expand", "input, size", read=_size_as_varargs)
method("broadcast_to", "expand", "self, *size")
fn("torch.broadcast_tensors", "broadcast_tensors", "*tensors")
fn("torch.meshgrid", "meshgrid", "*tensors, indexing=None")
for _n in ("atleast_1d", "atleast_2d", "atleast_3d"):
    fn(f"torch.{_n}", _n, "*tensors")

# --- stacking and splitting ---------------------------------------------------------------------------------
for _n in ("hstack", "vstack", "dstack", "column_stack"):
    fn(f"torch.{_n}", _n, "tensors, *, out=None", read=no_out)
fn("torch.row_stack", "vstack", "tensors, *, out=None", read=no_out)
# PyTorch's documented `indices_or_sections` is no keyword: the binding takes `sections=` (an int) or
# `indices=` (a list); read as `sections` (positional use, the usual one, binds either kind).
_SPLIT = {"sections": "indices_or_sections"}
fn("torch.tensor_split", "tensor_split", "input, sections, dim=0", rename=_SPLIT)
method("tensor_split", "tensor_split", "self, sections, dim=0", rename=_SPLIT)
for _n in ("hsplit", "vsplit", "dsplit"):
    fn(f"torch.{_n}", _n, "input, sections", rename=_SPLIT)
    method(_n, _n, "self, sections", rename=_SPLIT)

# --- diagonals, rotations -------------------------------------------------------------------------------------
fn("torch.diagonal", "diagonal", "input, offset=0, dim1=0, dim2=1")
method("diagonal", "diagonal", "self, offset=0, dim1=0, dim2=1")
fn("torch.diag", "diag", "input, diagonal=0, *, out=None", read=no_out)
method("diag", "diag", "self, diagonal=0")
fn("torch.rot90", "rot90", "input, k=1, dims=(0, 1)")
method("rot90", "rot90", "self, k=1, dims=(0, 1)")
for _n in ("fliplr", "flipud"):
    fn(f"torch.{_n}", _n, "input")
    method(_n, _n, "self")

# --- conversions and predicates -------------------------------------------------------------------------------
method("numpy", "numpy", "self, *, force=False", ignore=("force",))
fn("torch.Size", "size_tuple", "*args, **kwargs")   # a tuple subclass: Size(iterable=(), /)
fn("torch.is_tensor", "is_tensor", "obj, /")
fn("torch.is_floating_point", "is_floating_point", "input")
method("is_floating_point", "is_floating_point", "self")
method("is_contiguous", "is_contiguous", "self, memory_format=None", ignore=("memory_format",))
method("requires_grad_", "requires_grad_", "self, requires_grad=True", read=_requires_grad)
method("new", "new_zeros", "self, *args", read=_new)
