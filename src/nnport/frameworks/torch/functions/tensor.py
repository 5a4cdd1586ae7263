"""torch functions and Tensor methods: tensor creation, shape and indexing.

Signatures are PyTorch's own (ATen schema names for C builtins). Arguments without numerical effect
(device, requires_grad, pin_memory, memory_format, non_blocking) are ignored; everything else is read.
"""
from __future__ import annotations

from nnport.frameworks.spec import Unsupported
from nnport.frameworks.torch.functions._registry import attribute, fn, method, unsupported

_DEV = ("device", "requires_grad", "pin_memory", "layout", "memory_format", "non_blocking")
_FACTORY = "dtype=None, layout=None, device=None, pin_memory=False, requires_grad=False"
# ATen's *_like / new_* / linspace / normal schemas have no requires_grad (the Python parser adds it):
# kept out so the tables match the schemas; `requires_grad=` there reads as an unexpected keyword.
_LIKE = "dtype=None, layout=None, device=None, pin_memory=False"


def _no_generator(c, ctx):
    if c.get("generator") is not None and c.lit("generator") is not None:
        raise Unsupported(f"{c.extra['api']}: generator= (JAX keys are not PyTorch generators)")
    return c


def _type(c, ctx):
    """x.type(torch.int32) is a cast. The argument is read translated: a target's dtype may be a string
    ('int32' for Keras); PyTorch's type strings ('torch.IntTensor') name a Tensor class."""
    d = c.lit("dtype")
    if d is None or isinstance(d, str) and "Tensor" in d:
        raise Unsupported("Tensor.type() without a dtype object (type strings such as 'torch.IntTensor' "
                          "have no counterpart)")
    return c


def _where(c, ctx):
    if not (c.given("input") and c.given("other")):
        raise Unsupported("torch.where(condition) has a data-dependent shape (jnp.nonzero needs a static size=)")
    return c


# --- shape ------------------------------------------------------------------------------------------------
fn("torch.permute", "permute", "input, dims")
method("permute", "permute", "self, *dims")
fn("torch.transpose", "transpose", "input, dim0, dim1")
method("transpose", "transpose", "self, dim0, dim1")
fn("torch.swapaxes", "transpose", "input, axis0, axis1", rename={"axis0": "dim0", "axis1": "dim1"})
method("swapaxes", "transpose", "self, axis0, axis1", rename={"axis0": "dim0", "axis1": "dim1"})
fn("torch.t", "t", "input")
method("t", "t", "self")
attribute("Tensor.T", "t")
method("size", "size", "self, dim=None")
attribute("Tensor.shape", "shape")
method("dim", "ndim", "self")
attribute("Tensor.ndim", "ndim")
fn("torch.numel", "numel", "input")
method("numel", "numel", "self")
fn("torch.squeeze", "squeeze", "input, dim=None")
method("squeeze", "squeeze", "self, dim=None")
fn("torch.unsqueeze", "unsqueeze", "input, dim")
method("unsqueeze", "unsqueeze", "self, dim")
method("expand", "expand", "self, *size")
method("expand_as", "expand_as", "self, other")
method("repeat", "repeat", "self, *repeats")
fn("torch.tile", "tile", "input, dims")
method("tile", "tile", "self, *dims")
fn("torch.repeat_interleave", "repeat_interleave", "input, repeats=None, dim=None, *, output_size=None")
method("repeat_interleave", "repeat_interleave", "self, repeats=None, dim=None, *, output_size=None")
method("contiguous", "contiguous", "self, memory_format=None", ignore=("memory_format",))
fn("torch.chunk", "chunk", "input, chunks, dim=0")
method("chunk", "chunk", "self, chunks, dim=0")
fn("torch.split", "split", "tensor, split_size_or_sections, dim=0",
   rename={"tensor": "input", "split_size_or_sections": "split_size"})
method("split", "split", "self, split_size, dim=0")
fn("torch.unbind", "unbind", "input, dim=0")
method("unbind", "unbind", "self, dim=0")
fn("torch.stack", "stack", "tensors, dim=0")
for _n in ("cat", "concat", "concatenate"):
    fn(f"torch.{_n}", "cat", "tensors, dim=0")
fn("torch.narrow", "narrow", "input, dim, start, length")
method("narrow", "narrow", "self, dim, start, length")
fn("torch.flip", "flip", "input, dims")
method("flip", "flip", "self, *dims")
fn("torch.roll", "roll", "input, shifts, dims=None")
method("roll", "roll", "self, shifts, dims=None")
for _n in ("tril", "triu"):
    fn(f"torch.{_n}", _n, "input, diagonal=0")
    method(_n, _n, "self, diagonal=0")
fn("torch.movedim", "movedim", "input, source, destination")
method("movedim", "movedim", "self, source, destination")
fn("torch.moveaxis", "movedim", "input, source, destination")
method("moveaxis", "movedim", "self, source, destination")
method("type_as", "type_as", "self, other")
method("view_as", "reshape_as", "self, other")
method("reshape_as", "reshape_as", "self, other")

# --- creation ---------------------------------------------------------------------------------------------
for _n in ("zeros", "ones", "empty"):
    fn(f"torch.{_n}", "zeros" if _n == "empty" else _n, f"*size, out=None, {_FACTORY}", ignore=_DEV)
    fn(f"torch.{_n}_like", "zeros_like" if _n == "empty" else f"{_n}_like",
       f"input, *, {_LIKE}, memory_format=None", ignore=_DEV)
    method(f"new_{_n}", "new_zeros" if _n == "empty" else f"new_{_n}",
           "self, *size, dtype=None, device=None, layout=None, pin_memory=False",
           ignore=_DEV)
fn("torch.full", "full", f"size, fill_value, *, out=None, {_FACTORY}", ignore=_DEV)
fn("torch.full_like", "full_like", f"input, fill_value, *, {_LIKE}, memory_format=None", ignore=_DEV)
method("new_full", "new_full",
       "self, size, fill_value, *, dtype=None, device=None, layout=None, pin_memory=False",
       ignore=_DEV)
method("new_tensor", "new_tensor", "self, data, *, dtype=None, device=None, requires_grad=False, "
       "layout=None, pin_memory=False", ignore=_DEV)
fn("torch.arange", "arange", f"start=0, end=None, step=1, *, out=None, {_FACTORY}", ignore=_DEV)
fn("torch.linspace", "linspace", f"start, end, steps, *, out=None, {_LIKE}", ignore=_DEV)
fn("torch.eye", "eye", f"n, m=None, *, out=None, {_FACTORY}", ignore=_DEV)
fn("torch.tensor", "asarray", "data, *, dtype=None, device=None, requires_grad=False, pin_memory=False",
   ignore=_DEV)
fn("torch.as_tensor", "asarray", "data, dtype=None, device=None", ignore=_DEV)
fn("torch.from_numpy", "asarray", "ndarray", rename={"ndarray": "data"})

DTYPES = {"float32": "float32", "float": "float32", "float64": "float64", "double": "float64",
          "float16": "float16", "half": "float16", "bfloat16": "bfloat16", "int64": "int64",
          "long": "int64", "int32": "int32", "int": "int32", "int16": "int16", "short": "int16",
          "int8": "int8", "uint8": "uint8", "bool": "bool", "complex64": "complex64"}
for _n, _j in DTYPES.items():
    attribute(f"torch.{_n}", f"dtype_{_j}")
attribute("torch.Tensor", "tensor_type")

CASTS = {"float": "float32", "double": "float64", "half": "float16", "bfloat16": "bfloat16",
         "long": "int64", "int": "int32", "short": "int16", "char": "int8", "byte": "uint8", "bool": "bool"}
for _n in CASTS:
    method(_n, _n if _n in ("float", "double", "half", "long", "int", "bool") else f"cast_{_n}",
           "self, memory_format=None", ignore=("memory_format",))
method("to", "to", "self, *args, dtype=None, device=None, non_blocking=False, copy=False, memory_format=None",
       ignore=("non_blocking", "copy", "memory_format", "device"))
_PLACE = ("device", "non_blocking", "memory_format")   # where and how to copy: no effect on values
method("cuda", "to_device", "self, device=None, non_blocking=False, memory_format=None", ignore=_PLACE)
method("cpu", "to_device", "self, memory_format=None", ignore=_PLACE)
method("type", "to_dtype", "self, dtype=None, non_blocking=False", ignore=("non_blocking",), read=_type)
method("detach", "detach", "self")
method("clone", "clone", "self, *, memory_format=None", ignore=("memory_format",))
fn("torch.clone", "clone", "input, *, memory_format=None", ignore=("memory_format",))
method("item", "item", "self")
method("tolist", "tolist", "self")

# --- random (inside forward: keys from the module's Rngs) ---------------------------------------------------
fn("torch.randn", "randn", f"*size, generator=None, out=None, {_FACTORY}", ignore=_DEV, read=_no_generator)
fn("torch.rand", "rand", f"*size, generator=None, out=None, {_FACTORY}", ignore=_DEV, read=_no_generator)
fn("torch.randint", "randint", f"*args, generator=None, out=None, {_FACTORY}", ignore=_DEV,
   read=_no_generator)
fn("torch.randn_like", "randn_like", f"input, *, {_LIKE}, memory_format=None", ignore=_DEV)
fn("torch.rand_like", "rand_like", f"input, *, {_LIKE}, memory_format=None", ignore=_DEV)
fn("torch.bernoulli", "bernoulli", "input, p=None, *, generator=None, out=None", read=_no_generator)
method("bernoulli", "bernoulli", "self, p=None, *, generator=None", read=_no_generator)
fn("torch.normal", "normal", "mean, std=1.0, size=None, *, generator=None, dtype=None, "
   "layout=None, device=None, pin_memory=False", ignore=_DEV, read=_no_generator)
fn("torch.manual_seed", "manual_seed", "seed",
   read=unsupported("torch.manual_seed: JAX has no global RNG state; seed the nnx.Rngs instead"))

# --- indexing -----------------------------------------------------------------------------------------------
fn("torch.gather", "gather", "input, dim, index, *, sparse_grad=False", ignore=("sparse_grad",))
method("gather", "gather", "self, dim, index, *, sparse_grad=False", ignore=("sparse_grad",))
_SCATTER = "dim, index, src=None, value=None, *, reduce=None"
fn("torch.scatter", "scatter", f"input, {_SCATTER}")
method("scatter", "scatter", f"self, {_SCATTER}")
method("scatter_", "scatter", f"self, {_SCATTER}")
fn("torch.scatter_add", "scatter", "input, dim, index, src", fixed={"reduce": "'add'"})
method("scatter_add", "scatter", "self, dim, index, src", fixed={"reduce": "'add'"})
method("scatter_add_", "scatter", "self, dim, index, src", fixed={"reduce": "'add'"})
fn("torch.index_select", "index_select", "input, dim, index")
method("index_select", "index_select", "self, dim, index")
fn("torch.masked_fill", "masked_fill", "input, mask, value")
method("masked_fill", "masked_fill", "self, mask, value")
method("masked_fill_", "masked_fill", "self, mask, value")
fn("torch.where", "where", "condition, input=None, other=None", read=_where)
method("where", "where", "self, condition, other")
fn("torch.masked_select", "masked_select", "input, mask",
   read=unsupported("masked_select has a data-dependent shape; use jnp.where(mask, x, 0) or a static size"))
method("masked_select", "masked_select", "self, mask",
       read=unsupported("masked_select has a data-dependent shape; use jnp.where(mask, x, 0) or a static size"))
