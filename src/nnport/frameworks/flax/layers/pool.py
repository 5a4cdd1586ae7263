"""flax layers: pooling. Layers compute channels-last (nnx.max_pool/avg_pool, lax.reduce_window);
the emitters also serve the functional forms (channels_last=False: (N, C, *spatial) in and out)."""
from __future__ import annotations

from nnport.frameworks.flax.conv import ntuple
from nnport.frameworks.flax.layers._registry import layer
from nnport.frameworks.flax.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Canon, Unsupported, code


def lit(c: Canon, name: str):
    v = c.lit(name)
    if v is NOT_LITERAL:
        raise Unsupported(f"{name}={code(c.get(name))}: only literal values are translated")
    return v


def tup(c: Canon, name: str, n: int) -> tuple:
    v = lit(c, name)
    return (v,) * n if isinstance(v, int) else tuple(v)


def _window(c: Canon, n: int) -> tuple[str, str]:
    k = ntuple(c, "kernel_size", n)
    stride = c.get("stride")
    s = k if stride is None or c.lit("stride") is None else ntuple(c, "stride", n)
    return k, s


def _partial(fn: str, kw: dict[str, str], channels_last: bool) -> str:
    """partial(fn, k=v...) for a layer; `lambda x: fn(x, k=v..., channels_last=False)` otherwise."""
    if channels_last:
        return f"partial({fn}, {', '.join(f'{k}={v}' for k, v in kw.items())})"
    args = ", ".join(f"{k}={v}" for k, v in kw.items())
    return f"{fn}({{x}}, {args}, channels_last=False)"


def max_pool(c: Canon, ctx, channels_last: bool = True) -> str:
    n = c.lit("ndim")
    if c.lit("return_indices") is not False:
        raise Unsupported(f"return_indices={code(c.get('return_indices'))}")
    k, s = _window(c, n)
    p, d, ceil = tup(c, "padding", n), tup(c, "dilation", n), lit(c, "ceil_mode")
    if channels_last and not ceil and set(d) == {1}:
        pad = f", padding={tuple((q, q) for q in p)!r}" if any(p) else ""
        return f"partial(nnx.max_pool, window_shape={k}, strides={s}{pad})"
    kw = {"kernel_size": k, "stride": s, "padding": repr(p), "dilation": repr(d)}
    if ceil:
        kw["ceil_mode"] = "True"
    return _partial(helper(ctx, "spatial", "max_pool", "spatial_axes", "pool_padding", "_windows"), kw,
                    channels_last)


def avg_pool(c: Canon, ctx, channels_last: bool = True) -> str:
    n = c.lit("ndim")
    k, s = _window(c, n)
    p, ceil, cip = tup(c, "padding", n), lit(c, "ceil_mode"), lit(c, "count_include_pad")
    div = lit(c, "divisor_override") if c.get("divisor_override") is not None else None
    if channels_last and not ceil and div is None:
        pad = f", padding={tuple((q, q) for q in p)!r}" if any(p) else ""
        inc = ", count_include_pad=False" if any(p) and not cip else ""
        return f"partial(nnx.avg_pool, window_shape={k}, strides={s}{pad}{inc})"
    kw = {"kernel_size": k, "stride": s, "padding": repr(p)}
    if ceil:
        kw["ceil_mode"] = "True"
    if not cip:
        kw["count_include_pad"] = "False"
    if div is not None:
        kw["divisor_override"] = repr(div)
    return _partial(helper(ctx, "spatial", "avg_pool", "spatial_axes", "pool_padding", "_windows"), kw,
                    channels_last)


def adaptive(c: Canon, ctx, reduce: str, channels_last: bool = True) -> str:
    n = c.lit("ndim")
    if c.get("return_indices") is not None and c.lit("return_indices") is not False:
        raise Unsupported(f"return_indices={code(c.get('return_indices'))}")
    out = c.lit("output_size")
    if out is not NOT_LITERAL and all(o == 1 for o in ((out,) * n if isinstance(out, int) else out)):
        axes = tuple(range(1, n + 1)) if channels_last else tuple(range(-n, 0))
        if channels_last:
            return f"partial({reduce}, axis={axes!r}, keepdims=True)"
        return f"{reduce}({{x}}, axis={axes!r}, keepdims=True)"
    size = ntuple(c, "output_size", n) if out is NOT_LITERAL or isinstance(out, int) else repr(tuple(out))
    return _partial(helper(ctx, "spatial", "adaptive_pool", "spatial_axes"),
                    {"output_size": size, "reduce": reduce}, channels_last)


layer("max_pool", "max_pool", None, max_pool, layout="channels_last")
layer("avg_pool", "avg_pool", None, avg_pool, layout="channels_last")
layer("adaptive_avg_pool", "adaptive_avg_pool", None, lambda c, ctx: adaptive(c, ctx, "jnp.mean"),
      layout="channels_last")
layer("adaptive_max_pool", "adaptive_max_pool", None, lambda c, ctx: adaptive(c, ctx, "jnp.max"),
      layout="channels_last")
