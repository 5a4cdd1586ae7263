"""torch functions and Tensor methods: indexing ops beyond tensor.py (index_add/copy/fill, take,
take_along_dim, masked_scatter, scatter_reduce, index_put) and the data-dependent ones (nonzero,
argwhere, unique) that JAX cannot trace: those read as Unsupported.

In-place forms (`x.index_add_(...)` as a statement) are the same op: the engine rebinds
`x = <translation>`.
"""
from __future__ import annotations

from nnport.frameworks.torch.functions._registry import fn, method, no_out, unsupported


def _dynamic(what: str):
    return unsupported(f"{what} has a data-dependent shape (JAX needs static shapes: "
                       f"use a mask with jnp.where, or jnp.nonzero(..., size=N))")


def _three(name: str, op: str, args: str, rename: dict | None = None, **kw) -> None:
    """torch.<name>(input, ...), Tensor.<name>(self, ...) and Tensor.<name>_ (in place)."""
    rename = rename or {}
    fn(f"torch.{name}", op, f"input, {args}, *, out=None" if "*" not in args else f"input, {args}, out=None",
       read=no_out, rename=rename, **kw)
    for m in (name, f"{name}_"):
        method(m, op, f"self, {args}", rename=rename, **kw)


_three("index_add", "index_add", "dim, index, source, *, alpha=1")
_three("index_copy", "index_copy", "dim, index, source")
method("index_fill", "index_fill", "self, dim, index, value")
method("index_fill_", "index_fill", "self, dim, index, value")
fn("torch.index_fill", "index_fill", "input, dim, index, value")
fn("torch.take", "take", "input, index")
method("take", "take", "self, index")
fn("torch.take_along_dim", "take_along_dim", "input, indices, dim=None, *, out=None", read=no_out)
method("take_along_dim", "take_along_dim", "self, indices, dim=None")
fn("torch.masked_scatter", "masked_scatter", "input, mask, source")
method("masked_scatter", "masked_scatter", "self, mask, source")
method("masked_scatter_", "masked_scatter", "self, mask, source")
_REDUCE = "dim, index, src, reduce, *, include_self=True"
fn("torch.scatter_reduce", "scatter_reduce", f"input, {_REDUCE}, out=None", read=no_out)
method("scatter_reduce", "scatter_reduce", f"self, {_REDUCE}")
method("scatter_reduce_", "scatter_reduce", f"self, {_REDUCE}")
method("index_put", "index_put", "self, indices, values, accumulate=False")
method("index_put_", "index_put", "self, indices, values, accumulate=False")
fn("torch.index_put", "index_put", "input, indices, values, accumulate=False")

for _api, _sig in (("torch.nonzero", "input, *, out=None"), ("torch.argwhere", "input"),
                   ("torch.unique_consecutive", "*args, **kwargs")):
    fn(_api, "nonzero", _sig, read=_dynamic(_api), ignore=("**kwargs",))   # any keyword: the same reason
method("nonzero", "nonzero", "self", read=_dynamic("Tensor.nonzero"))
method("argwhere", "nonzero", "self", read=_dynamic("Tensor.argwhere"))
fn("torch.unique", "nonzero", "*args, **kwargs", read=_dynamic("torch.unique"), ignore=("**kwargs",))
method("unique", "nonzero", "self, sorted=True, return_inverse=False, return_counts=False, dim=None",
       read=_dynamic("Tensor.unique"))
method("unique_consecutive", "nonzero", "self, return_inverse=False, return_counts=False, dim=None",
       read=_dynamic("Tensor.unique_consecutive"))
