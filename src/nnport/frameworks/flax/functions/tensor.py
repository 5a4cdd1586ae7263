"""Pivot ops -> jax.numpy: tensor creation, shape, casts, random creation and indexing.

Notes on exactness:
- integer dtypes: PyTorch's default integer dtype is int64; JAX gives int32 unless jax_enable_x64 is on
  (values are the same; `jnp.int64` requests are truncated to int32 with a warning when x64 is off).
- torch.from_numpy keeps float64; jnp.asarray gives float32 unless x64 is on.
- random creation draws from the module's nnx.Rngs: same distributions, not PyTorch's stream.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.flax.functions._registry import fn
from nnport.frameworks.flax.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code
from nnport.frameworks.tensor_functions import CASTS, randint_bounds, to_dtype
from nnport.translate.emit import call, expr, parenthesize

DTYPE = "dtype=None"


def sizes(varargs: list) -> cst.BaseExpression:
    """`*size` varargs as one value: the argument itself (an int or a sequence), the sequence a lone
    `*s` unpacks, or a tuple of several (`(*s, 4)`)."""
    if len(varargs) == 1:
        v = varargs[0]
        return v.value if isinstance(v, cst.StarredElement) else v
    return cst.Tuple([v if isinstance(v, cst.StarredElement) else cst.Element(v) for v in varargs])


def _shape(name: str = "size"):
    """`*size` varargs (one argument: itself, an int or a sequence; several: a tuple) or a named size."""
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


def _attr(name: str):
    return lambda c, ctx: expr("{x}.%s" % name, x=c.get("input"))


# --- shape ------------------------------------------------------------------------------------------------
fn("jnp.transpose", "permute", call("jnp.transpose", "{input}", _shape("dims")))
fn("jnp.swapaxes", "transpose", call("jnp.swapaxes", "{input}", "{dim0}", "{dim1}"))
fn("T", "t", _attr("T"))
fn("shape", "shape", _attr("shape"))
fn("ndim", "ndim", _attr("ndim"))
fn("numel", "numel", _attr("size"))


def _size(c, ctx):
    if c.get("dim") is None or c.lit("dim") is None:
        return expr("{x}.shape", x=c.get("input"))
    return expr("{x}.shape[{d}]", x=c.get("input"), d=c.get("dim"))


fn("size", "size", _size)


def _squeeze(c, ctx):
    x, d = c.get("input"), c.get("dim")
    if d is None or c.lit("dim") is None:
        return call("jnp.squeeze", "{input}")(c, ctx)
    if isinstance(d, (cst.Tuple, cst.List)) or isinstance(c.lit("dim"), (tuple, list)):
        # PyTorch squeezes only the listed dims of size 1 (others are left alone)
        return expr("jnp.squeeze({x}, tuple(d for d in {d} if {x}.shape[d] == 1))", x=x, d=d)
    # PyTorch: squeezing a dim whose size is not 1 is a no-op (jnp.squeeze would raise)
    if not isinstance(x, (cst.Name, cst.Attribute)):
        name = helper(ctx, "tensor", "squeeze")   # a complex receiver is evaluated once
        return expr("%s({x}, {d})" % name, x=x, d=d)
    return expr("jnp.squeeze({x}, {d}) if {x}.shape[{d}] == 1 else {x}", x=x, d=d)


fn("squeeze", "squeeze", _squeeze)
fn("jnp.expand_dims", "unsqueeze", call("jnp.expand_dims", "{input}", "{dim}"))


def _expand(c, ctx):
    x = c.get("input")
    sizes = list(c.varargs)
    if any(isinstance(v, cst.StarredElement) for v in sizes):
        # sizes known only when it runs, -1 (keep the size) among them maybe
        return expr("jnp.broadcast_to({x}, tuple({x}.shape[i - len(s)] if d == -1 else d "
                    "for s in [{s}] for i, d in enumerate(s)))", x=x, s=cst.Tuple(
                        [v if isinstance(v, cst.StarredElement) else cst.Element(v) for v in sizes]))
    if len(sizes) == 1 and not isinstance(sizes[0], (cst.Integer, cst.UnaryOperation)):
        if isinstance(sizes[0], (cst.Tuple, cst.List)):
            sizes = [e.value for e in sizes[0].elements]
        else:
            return expr("jnp.broadcast_to({x}, {s})", x=x, s=sizes[0])
    n = len(sizes)
    out = []
    for i, s in enumerate(sizes):
        if code(s).replace(" ", "") == "-1":   # -1 keeps the size of the matching (right-aligned) dim
            s = expr("{x}.shape[%d]" % (i - n), x=x)
        out.append(cst.Element(s))
    return expr("jnp.broadcast_to({x}, {s})", x=x, s=cst.Tuple(out))


fn("jnp.broadcast_to", "expand", _expand)
fn("expand_as", "expand_as", lambda c, ctx: expr("jnp.broadcast_to({x}, {o}.shape)", x=c.get("input"),
                                                 o=c.get("other")))
fn("jnp.tile", "repeat", call("jnp.tile", "{input}", _shape("repeats")))
fn("tile", "tile", call("jnp.tile", "{input}", _shape("dims")))


def _repeat_interleave(c, ctx):
    if c.get("repeats") is None or c.lit("repeats") is None:
        raise Unsupported("repeat_interleave(repeats) without input has a data-dependent shape")
    return call("jnp.repeat", "{input}", "{repeats}", axis="{dim}", total_repeat_length="{output_size}",
                sig="a, repeats, axis=None, *, total_repeat_length=None")(c, ctx)


fn("jnp.repeat", "repeat_interleave", _repeat_interleave)
fn("contiguous", "contiguous", _x)


def _chunked(x, d, step):
    return expr("jnp.split({x}, [*range({s}, {x}.shape[{d}], {s})], axis={d})", x=x, d=d, s=step)


def _chunk(c, ctx):
    x, d, n = c.get("input"), c.get("dim"), c.get("chunks")
    # PyTorch: chunks of ceil(size / chunks), the last one smaller (possibly fewer chunks)
    return _chunked(x, d, expr("-(-{x}.shape[{d}] // {n})", x=x, d=d, n=n))


def _split(c, ctx):
    x, d, s = c.get("input"), c.get("dim"), c.get("split_size")
    v = c.lit("split_size")
    if isinstance(v, int) and not isinstance(v, bool):
        return _chunked(x, d, s)
    if isinstance(v, (list, tuple)) and all(isinstance(i, int) for i in v):
        cuts, t = [], 0
        for i in v[:-1]:
            t += i
            cuts.append(t)
        return expr("jnp.split({x}, %r, axis={d})" % cuts, x=x, d=d)
    if isinstance(s, (cst.List, cst.Tuple)) and not any(isinstance(e, cst.StarredElement) for e in s.elements):
        sizes = [code(parenthesize(e.value)) for e in s.elements]
        cuts = [" + ".join(sizes[:i + 1]) for i in range(len(sizes) - 1)]
        return expr("jnp.split({x}, [%s], axis={d})" % ", ".join(cuts), x=x, d=d)
    # an int (piece size) or a list (sizes): only known when it runs
    return call(helper(ctx, "tensor", "split_sizes"), "{input}", "{split_size}", axis="{dim}",
                sig="x, split_size_or_sections, axis=0")(c, ctx)


fn("chunk", "chunk", _chunk)
fn("split", "split", _split)
fn("jnp.unstack", "unbind", call("jnp.unstack", "{input}", axis="{dim}", sig="x, /, *, axis=0"))
fn("jnp.stack", "stack", call("jnp.stack", "{tensors}", axis="{dim}", sig="arrays, axis=0, out=None, dtype=None"))
fn("jnp.concatenate", "cat", call("jnp.concatenate", "{tensors}", axis="{dim}",
                                  sig="arrays, axis=0, dtype=None"))
fn("jax.lax.dynamic_slice_in_dim", "narrow", call("jax.lax.dynamic_slice_in_dim", "{input}", "{start}",
                                                 "{length}", axis="{dim}", sig="operand, start_index, "
                                                 "slice_size, axis=0, *, allow_negative_indices=True"))
fn("jnp.flip", "flip", call("jnp.flip", "{input}", _shape("dims")))
fn("jnp.roll", "roll", call("jnp.roll", "{input}", "{shifts}", axis="{dims}",
                            sig="a, shift, axis=None"))
fn("jnp.tril", "tril", call("jnp.tril", "{input}", k="{diagonal}", sig="m, k=0"))
fn("jnp.triu", "triu", call("jnp.triu", "{input}", k="{diagonal}", sig="m, k=0"))
fn("jnp.moveaxis", "movedim", call("jnp.moveaxis", "{input}", "{source}", "{destination}"))
fn("type_as", "type_as", lambda c, ctx: expr("{x}.astype({o}.dtype)", x=c.get("input"), o=c.get("other")))
fn("reshape_as", "reshape_as", lambda c, ctx: expr("{x}.reshape({o}.shape)", x=c.get("input"),
                                                   o=c.get("other")))

# --- creation ---------------------------------------------------------------------------------------------
fn("jnp.zeros", "zeros", call("jnp.zeros", _shape(), dtype="{dtype}", sig="shape, dtype=None"))
fn("jnp.ones", "ones", call("jnp.ones", _shape(), dtype="{dtype}", sig="shape, dtype=None"))
fn("jnp.full", "full", call("jnp.full", "{size}", "{fill_value}", dtype="{dtype}",
                            sig="shape, fill_value, dtype=None"))
for _n in ("zeros", "ones"):
    fn(f"{_n}_like", f"{_n}_like", call(f"jnp.{_n}_like", "{input}", dtype="{dtype}", sig="a, dtype=None"))
fn("full_like", "full_like", call("jnp.full_like", "{input}", "{fill_value}", dtype="{dtype}",
                                      sig="a, fill_value, dtype=None"))


def _own_dtype(c, ctx):
    """new_* methods: the receiver's dtype unless dtype= says otherwise."""
    d = c.get("dtype")
    return d if d is not None and c.lit("dtype") is not None else expr("{x}.dtype", x=c.get("input"))


fn("new_zeros", "new_zeros", call("jnp.zeros", _shape(), dtype=_own_dtype))
fn("new_ones", "new_ones", call("jnp.ones", _shape(), dtype=_own_dtype))
fn("new_full", "new_full", call("jnp.full", "{size}", "{fill_value}", dtype=_own_dtype))
fn("new_tensor", "new_tensor", call("jnp.asarray", "{data}", dtype=_own_dtype))


def _arange(c, ctx):
    if c.get("end") is None or c.lit("end") is None:   # arange(end)
        return call("jnp.arange", "{start}", dtype="{dtype}", sig="start, stop=None, step=None, dtype=None")(c, ctx)
    return call("jnp.arange", "{start}", "{end}", lambda c, ctx: None if c.lit("step") == 1 else c.get("step"),
                dtype="{dtype}", sig="start, stop=None, step=None, dtype=None")(c, ctx)


fn("jnp.arange", "arange", _arange)
fn("jnp.linspace", "linspace", call("jnp.linspace", "{start}", "{end}", "{steps}", dtype="{dtype}",
                                    sig="start, stop, num=50, endpoint=True, retstep=False, dtype=None"))
fn("jnp.eye", "eye", call("jnp.eye", "{n}", "{m}", dtype="{dtype}", sig="N, M=None, k=0, dtype=None"))
fn("jnp.asarray", "asarray", call("jnp.asarray", "{data}", dtype="{dtype}", sig="a, dtype=None"))

JNP_DTYPES = ("float32", "float64", "float16", "bfloat16", "int64", "int32", "int16", "int8", "uint8",
              "bool", "complex64")
for _d in JNP_DTYPES:
    fn(f"jnp.{_d}", f"dtype_{_d}", lambda c, ctx, _d=_d: cst.parse_expression(f"jnp.{_d}"))
fn("jax.Array", "tensor_type", lambda c, ctx: cst.parse_expression("jax.Array"))


def _astype(dtype: str):
    return lambda c, ctx: expr("{x}.astype(%s)" % dtype, x=c.get("input"))


for _op, _d in CASTS.items():
    fn(_op, _op, _astype(f"jnp.{_d}"))

_DTYPE_CODES = {f"jnp.{d}" for d in JNP_DTYPES} | {"jnp.bool_"}


def _to(c, ctx):
    dtype = to_dtype(c, _DTYPE_CODES)
    return c.get("input") if dtype is None else expr("{x}.astype({d})", x=c.get("input"), d=dtype)


fn("to", "to", _to)
fn("to_device", "to_device", _x)
fn("astype", "to_dtype", lambda c, ctx: expr("{x}.astype({d})", x=c.get("input"), d=c.get("dtype")))
fn("jax.lax.stop_gradient", "detach", call("jax.lax.stop_gradient", "{input}"))
fn("clone", "clone", _x)   # JAX arrays are immutable: a copy is the array itself
fn("item", "item", lambda c, ctx: expr("{x}.item()", x=c.get("input")))
fn("tolist", "tolist", lambda c, ctx: expr("{x}.tolist()", x=c.get("input")))

# --- random -------------------------------------------------------------------------------------------------
def _key(ctx):
    return expr("{r}()", r=ctx.rngs())


def _draw(fn_name: str, shape):
    def emit(c, ctx):
        s = shape(c, ctx)
        d = c.get("dtype")
        if d is not None and c.lit("dtype") is not None:
            return expr("jax.random.%s({k}, {s}, {d})" % fn_name, k=_key(ctx), s=s, d=d)
        return expr("jax.random.%s({k}, {s})" % fn_name, k=_key(ctx), s=s)
    return emit


def _like_shape(c, ctx):
    return expr("{x}.shape", x=c.get("input"))


def _like(fn_name: str):
    def emit(c, ctx):
        d = c.get("dtype")
        if d is None or c.lit("dtype") is None:
            d = expr("{x}.dtype", x=c.get("input"))
        return expr("jax.random.%s({k}, {x}.shape, {d})" % fn_name, k=_key(ctx), x=c.get("input"), d=d)
    return emit


fn("randn", "randn", _draw("normal", _shape()))
fn("rand", "rand", _draw("uniform", _shape()))
fn("randn_like", "randn_like", _like("normal"))
fn("rand_like", "rand_like", _like("uniform"))


def _randint(c, ctx):
    low, high, size = randint_bounds(c)
    d = c.get("dtype")
    if d is not None and c.lit("dtype") is not None:
        return expr("jax.random.randint({k}, {s}, {lo}, {hi}, {d})", k=_key(ctx), s=size, lo=low, hi=high, d=d)
    return expr("jax.random.randint({k}, {s}, {lo}, {hi})", k=_key(ctx), s=size, lo=low, hi=high)


fn("randint", "randint", _randint)


def _bernoulli(c, ctx):
    x = c.get("input")
    if c.get("p") is not None and c.lit("p") is not None:
        return expr("jax.random.bernoulli({k}, {p}, {x}.shape).astype({x}.dtype)", k=_key(ctx), p=c.get("p"), x=x)
    return expr("jax.random.bernoulli({k}, {x}).astype({x}.dtype)", k=_key(ctx), x=x)


fn("bernoulli", "bernoulli", _bernoulli)


def _normal(c, ctx):
    mean, std = c.get("mean"), c.get("std")
    if c.get("size") is not None and c.lit("size") is not None:
        shape = c.get("size")
    else:
        shape = expr("jnp.broadcast_shapes(jnp.shape({m}), jnp.shape({s}))", m=mean, s=std)
    return expr("{m} + {s} * jax.random.normal({k}, {sh})", m=mean, s=std, k=_key(ctx), sh=shape)


fn("normal", "normal", _normal)

# --- indexing -----------------------------------------------------------------------------------------------


def _gather(c, ctx):
    name = helper(ctx, "tensor", "gather")
    return expr("%s({x}, {d}, {i})" % name, x=c.get("input"), d=c.get("dim"), i=c.get("index"))


def _scatter(c, ctx):
    from nnport.frameworks.indexing_functions import scatter_source
    src, reduce = scatter_source(c)
    name = helper(ctx, "tensor", "scatter")
    if reduce is None:
        return expr("%s({x}, {d}, {i}, {s})" % name, x=c.get("input"), d=c.get("dim"), i=c.get("index"), s=src)
    return expr("%s({x}, {d}, {i}, {s}, %r)" % (name, reduce), x=c.get("input"), d=c.get("dim"),
                i=c.get("index"), s=src)


fn("gather", "gather", _gather)
fn("scatter", "scatter", _scatter)
fn("jnp.take", "index_select", call("jnp.take", "{input}", "{index}", axis="{dim}"))
fn("masked_fill", "masked_fill", lambda c, ctx: expr("jnp.where({m}, {v}, {x})", m=c.get("mask"),
                                                     v=c.get("value"), x=c.get("input")))
fn("jnp.where", "where", call("jnp.where", "{condition}", "{input}", "{other}"))
