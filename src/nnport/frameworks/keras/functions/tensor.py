"""Pivot ops -> keras.ops: tensor creation, shape, casts, random creation and indexing.

Notes on exactness:
- dtypes are Keras's strings ("float32", "int64"); integer creation without a dtype gives Keras's
  int32 where PyTorch gives int64 (values are the same).
- random creation draws from keras.random (seeded by keras.utils.set_random_seed): the same
  distributions, not PyTorch's stream.
- Keras tensors are immutable: clone is the tensor itself, index updates are scatters.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.functions._registry import fn
from nnport.frameworks.keras.support import helper
from nnport.frameworks.spec import Unsupported, code
from nnport.frameworks.tensor_functions import CASTS, randint_bounds, to_dtype
from nnport.translate.emit import call, expr, parenthesize


def sizes(varargs: list) -> cst.BaseExpression:
    """`*size` varargs as one value: the argument itself (an int or a sequence), the sequence a lone
    `*s` unpacks, or a tuple of several (`(*s, 4)`)."""
    if len(varargs) == 1:
        v = varargs[0]
        if isinstance(v, cst.Integer):   # a shape is a tuple (keras.random.* refuse an int)
            return cst.Tuple([cst.Element(v, comma=cst.Comma())])
        return v.value if isinstance(v, cst.StarredElement) else v
    return cst.Tuple([v if isinstance(v, cst.StarredElement) else cst.Element(v) for v in varargs])


def shape_arg(name: str = "size"):
    """`*size` varargs or a named size."""
    def get(c, ctx):
        if c.varargs:
            return sizes(c.varargs)
        node = c.get(name)
        if node is None:
            raise Unsupported(f"{c.extra.get('api')}: missing {name}")
        return node
    return get


def _x(c, ctx):
    return c.get("input")


def dtype_arg(c, ctx):
    d = c.get("dtype")
    return None if d is None or c.lit("dtype") is None else d


# --- shape ------------------------------------------------------------------------------------------------
fn("keras.ops.transpose", "permute", call("ops.transpose", "{input}", shape_arg("dims")))
fn("keras.ops.swapaxes", "transpose", call("ops.swapaxes", "{input}", "{dim0}", "{dim1}"))
fn("t", "t", lambda c, ctx: expr("ops.transpose({x})", x=c.get("input")))
fn("keras.ops.shape", "shape", call("ops.shape", "{input}"))
fn("keras.ops.ndim", "ndim", call("ops.ndim", "{input}"))
# a Python int as PyTorch's numel (ops.size is an int32 tensor under TensorFlow); a tensor where a
# dimension is known only when it runs (ops.shape gives a tensor for it)
fn("numel", "numel", lambda c, ctx: expr("math.prod(ops.shape({x}))", x=c.get("input")))


def _size(c, ctx):
    if c.get("dim") is None or c.lit("dim") is None:
        return expr("ops.shape({x})", x=c.get("input"))
    return expr("ops.shape({x})[{d}]", x=c.get("input"), d=c.get("dim"))


fn("size", "size", _size)


def _squeeze(c, ctx):
    x, d = c.get("input"), c.get("dim")
    if d is None or c.lit("dim") is None:
        return call("ops.squeeze", "{input}")(c, ctx)
    # PyTorch squeezes only listed dims of size 1 (others are left alone; ops.squeeze would raise)
    return call(helper(ctx, "tensor", "squeeze"), "{input}", "{dim}")(c, ctx)


fn("squeeze", "squeeze", _squeeze)
fn("keras.ops.expand_dims", "unsqueeze", call("ops.expand_dims", "{input}", "{dim}"))


def _expand(c, ctx):
    """x.expand(*sizes): -1 keeps the size of the matching (right-aligned) axis."""
    name = helper(ctx, "tensor", "expand")
    return expr("%s({x}, {s})" % name, x=c.get("input"), s=sizes(list(c.varargs)) if c.varargs else c.get("size"))


fn("expand", "expand", _expand)
fn("expand_as", "expand_as", lambda c, ctx: expr("ops.broadcast_to({x}, ops.shape({o}))", x=c.get("input"),
                                                 o=c.get("other")))
fn("keras.ops.tile", "repeat", call("ops.tile", "{input}", shape_arg("repeats")))
fn("tile", "tile", call("ops.tile", "{input}", shape_arg("dims")))


def _repeat_interleave(c, ctx):
    if c.get("repeats") is None or c.lit("repeats") is None:
        raise Unsupported("repeat_interleave(repeats) without input has a data-dependent shape")
    if c.get("dim") is None or c.lit("dim") is None:
        return expr("ops.repeat(ops.reshape({x}, (-1,)), {r})", x=c.get("input"), r=c.get("repeats"))
    return call("ops.repeat", "{input}", "{repeats}", axis="{dim}", sig="x, repeats, axis=None")(c, ctx)


fn("keras.ops.repeat", "repeat_interleave", _repeat_interleave)
fn("contiguous", "contiguous", _x)


def _split(c, ctx):
    """torch.split / chunk: pieces of a size (the last one smaller) or of the listed sizes."""
    v = c.lit("split_size")
    if isinstance(v, (list, tuple)) and all(isinstance(i, int) for i in v):
        cuts, t = [], 0
        for i in v[:-1]:
            t += i
            cuts.append(t)
        return expr("ops.split({x}, %r, axis={d})" % cuts, x=c.get("input"), d=c.get("dim"))
    s = c.get("split_size")
    if isinstance(s, (cst.List, cst.Tuple)) and not any(isinstance(e, cst.StarredElement) for e in s.elements):
        parts = [code(parenthesize(e.value)) for e in s.elements]
        cuts = [" + ".join(parts[:i + 1]) for i in range(len(parts) - 1)]
        return expr("ops.split({x}, [%s], axis={d})" % ", ".join(cuts), x=c.get("input"), d=c.get("dim"))
    return call(helper(ctx, "tensor", "split_sizes"), "{input}", "{split_size}", axis="{dim}",
                sig="x, split_size_or_sections, axis=0")(c, ctx)


def _chunk(c, ctx):
    return call(helper(ctx, "tensor", "chunk", "split_sizes"), "{input}", "{chunks}", axis="{dim}",
                sig="x, chunks, axis=0")(c, ctx)


fn("chunk", "chunk", _chunk)
fn("split", "split", _split)
fn("keras.ops.unstack", "unbind", call("ops.unstack", "{input}", axis="{dim}", sig="x, num=None, axis=0"))
fn("keras.ops.stack", "stack", call("ops.stack", "{tensors}", axis="{dim}", sig="x, axis=0"))
fn("keras.ops.concatenate", "cat", call("ops.concatenate", "{tensors}", axis="{dim}", sig="xs, axis=0"))
fn("narrow", "narrow", lambda c, ctx: expr("ops.take({x}, ops.arange({s}, {s} + {n}), axis={d})",
                                           x=c.get("input"), s=c.get("start"), n=c.get("length"), d=c.get("dim")))
fn("keras.ops.flip", "flip", call("ops.flip", "{input}", shape_arg("dims")))
fn("keras.ops.roll", "roll", call("ops.roll", "{input}", "{shifts}", axis="{dims}", sig="x, shift, axis=None"))
fn("keras.ops.tril", "tril", call("ops.tril", "{input}", k="{diagonal}", sig="x, k=0"))
fn("keras.ops.triu", "triu", call("ops.triu", "{input}", k="{diagonal}", sig="x, k=0"))
fn("keras.ops.moveaxis", "movedim", call("ops.moveaxis", "{input}", "{source}", "{destination}"))
fn("type_as", "type_as", lambda c, ctx: expr("ops.cast({x}, {o}.dtype)", x=c.get("input"), o=c.get("other")))
fn("reshape_as", "reshape_as", lambda c, ctx: expr("ops.reshape({x}, ops.shape({o}))", x=c.get("input"),
                                                   o=c.get("other")))

# --- creation ---------------------------------------------------------------------------------------------
fn("keras.ops.zeros", "zeros", call("ops.zeros", shape_arg(), dtype=dtype_arg, sig="shape, dtype=None"))
fn("keras.ops.ones", "ones", call("ops.ones", shape_arg(), dtype=dtype_arg, sig="shape, dtype=None"))
def _full_dtype(c, ctx):
    """torch.full infers the dtype from the fill value (bool, integer); ops.full gives floatx."""
    v = c.lit("fill_value")
    if dtype_arg(c, ctx) is None and isinstance(v, (bool, int)):
        return '"bool"' if isinstance(v, bool) else '"int32"'
    return dtype_arg(c, ctx)


fn("keras.ops.full", "full", call("ops.full", "{size}", "{fill_value}", dtype=_full_dtype,
                                  sig="shape, fill_value, dtype=None"))
for _n in ("zeros", "ones"):
    fn(f"keras.ops.{_n}_like", f"{_n}_like", call(f"ops.{_n}_like", "{input}", dtype=dtype_arg, sig="x, dtype=None"))
fn("keras.ops.full_like", "full_like", call("ops.full_like", "{input}", "{fill_value}", dtype=dtype_arg,
                                            sig="x, fill_value, dtype=None"))


def _own_dtype(c, ctx):
    """new_* methods: the receiver's dtype unless dtype= says otherwise."""
    return dtype_arg(c, ctx) or expr("{x}.dtype", x=c.get("input"))


fn("new_zeros", "new_zeros", call("ops.zeros", shape_arg(), dtype=_own_dtype))
fn("new_ones", "new_ones", call("ops.ones", shape_arg(), dtype=_own_dtype))
fn("new_full", "new_full", call("ops.full", "{size}", "{fill_value}", dtype=_own_dtype))
fn("new_tensor", "new_tensor", call("ops.convert_to_tensor", "{data}", dtype=_own_dtype))

_ARANGE_SIG = "start, stop=None, step=None, dtype=None"


def _arange(c, ctx):
    if c.get("end") is None or c.lit("end") is None:   # arange(end)
        return call("ops.arange", "{start}", dtype=dtype_arg, sig=_ARANGE_SIG)(c, ctx)
    return call("ops.arange", "{start}", "{end}", lambda c, ctx: None if c.lit("step") == 1 else c.get("step"),
                dtype=dtype_arg, sig=_ARANGE_SIG)(c, ctx)


fn("keras.ops.arange", "arange", _arange)
fn("keras.ops.linspace", "linspace", call("ops.linspace", "{start}", "{end}", "{steps}", dtype=dtype_arg,
                                          sig="start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0"))
fn("keras.ops.eye", "eye", call("ops.eye", "{n}", "{m}", dtype=dtype_arg, sig="N, M=None, k=0, dtype=None"))


def _asarray(c, ctx):
    """torch.tensor(data): float data is float32 (PyTorch's default dtype), ints int64."""
    d = dtype_arg(c, ctx)
    return call("ops.convert_to_tensor", "{data}", dtype=lambda c, ctx: d, sig="x, dtype=None, sparse=None, ragged=None")(c, ctx)


fn("keras.ops.convert_to_tensor", "asarray", _asarray)

DTYPES = ("float32", "float64", "float16", "bfloat16", "int64", "int32", "int16", "int8", "uint8",
          "bool", "complex64")
for _d in DTYPES:
    fn(f"dtype_{_d}", f"dtype_{_d}", lambda c, ctx, _d=_d: cst.SimpleString(repr(_d)))


def _astype(dtype: str):
    return lambda c, ctx: expr("ops.cast({x}, %r)" % dtype, x=c.get("input"))


for _op, _d in CASTS.items():
    fn(_op, _op, _astype(_d))

_DTYPE_CODES = {repr(d) for d in DTYPES} | {f'"{d}"' for d in DTYPES}


def _to(c, ctx):
    dtype = to_dtype(c, _DTYPE_CODES)
    return c.get("input") if dtype is None else expr("ops.cast({x}, {d})", x=c.get("input"), d=dtype)


fn("to", "to", _to)
fn("to_device", "to_device", _x)
fn("keras.ops.cast", "to_dtype", lambda c, ctx: expr("ops.cast({x}, {d})", x=c.get("input"), d=c.get("dtype")))
fn("keras.ops.stop_gradient", "detach", call("ops.stop_gradient", "{input}"))
fn("clone", "clone", _x)   # Keras tensors are immutable: a copy is the tensor itself
fn("item", "item", lambda c, ctx: expr("ops.convert_to_numpy({x}).item()", x=c.get("input")))
fn("tolist", "tolist", lambda c, ctx: expr("ops.convert_to_numpy({x}).tolist()", x=c.get("input")))
fn("keras.ops.convert_to_numpy", "numpy", call("ops.convert_to_numpy", "{input}"))

# --- random -------------------------------------------------------------------------------------------------
_RANDOM_SIG = "shape, mean=0.0, stddev=1.0, dtype=None, seed=None"


def _draw(api: str, shape):
    return call(api, shape, dtype=dtype_arg, sig=_RANDOM_SIG)


def _like(api: str):
    def emit(c, ctx):
        return expr("%s(ops.shape({x}), dtype={d})" % api, x=c.get("input"), d=dtype_arg(c, ctx) or
                    expr("{x}.dtype", x=c.get("input")))
    return emit


fn("keras.random.normal", "randn", _draw("keras.random.normal", shape_arg()))
fn("keras.random.uniform", "rand", _draw("keras.random.uniform", shape_arg()))
fn("randn_like", "randn_like", _like("keras.random.normal"))
fn("rand_like", "rand_like", _like("keras.random.uniform"))


def _randint(c, ctx):
    low, high, size = randint_bounds(c)
    d = dtype_arg(c, ctx)
    if d is not None:
        return expr("keras.random.randint({s}, {lo}, {hi}, dtype={d})", s=size, lo=low, hi=high, d=d)
    return expr("keras.random.randint({s}, {lo}, {hi})", s=size, lo=low, hi=high)


fn("keras.random.randint", "randint", _randint)


def _bernoulli(c, ctx):
    x = c.get("input")
    p = c.get("p") if c.get("p") is not None and c.lit("p") is not None else x
    return expr("ops.cast(keras.random.uniform(ops.shape({x})) < {p}, {x}.dtype)", x=x, p=p)


fn("bernoulli", "bernoulli", _bernoulli)


def _normal(c, ctx):
    mean, std = c.get("mean"), c.get("std")
    if c.get("size") is not None and c.lit("size") is not None:
        shape = c.get("size")
    else:
        shape = expr("ops.shape({m} + {s})", m=mean, s=std)
    return expr("{m} + {s} * keras.random.normal({sh})", m=mean, s=std, sh=shape)


fn("normal", "normal", _normal)

# --- indexing -----------------------------------------------------------------------------------------------


def _gather(c, ctx):
    return expr("%s({x}, {d}, {i})" % helper(ctx, "tensor", "gather", "corner"), x=c.get("input"),
                d=c.get("dim"), i=c.get("index"))


def _scatter(c, ctx):
    from nnport.frameworks.indexing_functions import scatter_source
    src, reduce = scatter_source(c)
    name = helper(ctx, "tensor", "scatter", "corner", "positions")
    extra = "" if reduce is None else f", {reduce!r}"
    return expr("%s({x}, {d}, {i}, {s}%s)" % (name, extra), x=c.get("input"), d=c.get("dim"), i=c.get("index"), s=src)


fn("gather", "gather", _gather)
fn("scatter", "scatter", _scatter)
fn("keras.ops.take", "index_select", call("ops.take", "{input}", "{index}", axis="{dim}"))
fn("masked_fill", "masked_fill", lambda c, ctx: expr("ops.where({m}, ops.cast({v}, {x}.dtype), {x})",
                                                     m=c.get("mask"), v=c.get("value"), x=c.get("input")))
fn("keras.ops.where", "where", call("ops.where", "{condition}", "{input}", "{other}"))
