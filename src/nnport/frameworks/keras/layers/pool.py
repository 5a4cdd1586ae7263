"""keras layers: pooling. layers.MaxPoolingND / AveragePoolingND / GlobalAveragePoolingND /
AdaptiveAveragePoolingND where they compute PyTorch's result; support/pool.py's functions (in a
layers.Lambda) for padding, dilation, ceil_mode and the like. The emitters also serve the functional
forms (functions/spatial.py)."""
from __future__ import annotations

from nnport.frameworks.keras.layers._registry import CF, layer
from nnport.frameworks.keras.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Canon, Unsupported, code


def lit(c: Canon, name: str):
    v = c.lit(name)
    if v is NOT_LITERAL:
        raise Unsupported(f"{name}={code(c.get(name))}: only literal values are translated")
    return v


def tup(c: Canon, name: str, n: int) -> tuple:
    v = lit(c, name)
    return (v,) * n if isinstance(v, int) else tuple(v)


def _window(c: Canon, n: int) -> tuple[tuple, tuple]:
    k = tup(c, "kernel_size", n)
    s = k if c.get("stride") is None or c.lit("stride") is None else tup(c, "stride", n)
    return k, s


def _size(t: tuple) -> str:
    return repr(t[0]) if len(set(t)) == 1 else repr(t)


def _layer_or_call(fn: str, args: str, as_layer: bool) -> str:
    if as_layer:
        return f"layers.Lambda(lambda x: {fn}(x, {args}))"
    return f"{fn}({{x}}, {args})"


def max_pool(c: Canon, ctx, as_layer: bool = True) -> str:
    n = c.lit("ndim")
    if c.lit("return_indices") is not False:
        raise Unsupported(f"return_indices={code(c.get('return_indices'))}")
    k, s = _window(c, n)
    p, d, ceil = tup(c, "padding", n), tup(c, "dilation", n), lit(c, "ceil_mode")
    if not ceil and not any(p) and set(d) == {1}:
        stride = "" if s == k else f", strides={_size(s)}"
        if as_layer:
            return f"layers.MaxPooling{n}D({_size(k)}{stride}, data_format={CF})"
        return f"ops.max_pool({{x}}, {_size(k)}{stride}, data_format={CF})"
    args = f"{k!r}, {s!r}, padding={p!r}, dilation={d!r}" + (", ceil_mode=True" if ceil else "")
    return _layer_or_call(helper(ctx, "pool", "max_pool", "pool_sizes", "_windows"), args, as_layer)


def avg_pool(c: Canon, ctx, as_layer: bool = True) -> str:
    n = c.lit("ndim")
    k, s = _window(c, n)
    p, ceil, cip = tup(c, "padding", n), lit(c, "ceil_mode"), lit(c, "count_include_pad")
    div = lit(c, "divisor_override") if c.get("divisor_override") is not None else None
    if not ceil and not any(p) and div is None:
        stride = "" if s == k else f", strides={_size(s)}"
        if as_layer:
            return f"layers.AveragePooling{n}D({_size(k)}{stride}, data_format={CF})"
        return f"ops.average_pool({{x}}, {_size(k)}{stride}, data_format={CF})"
    args = f"{k!r}, {s!r}, padding={p!r}" + (", ceil_mode=True" if ceil else "") + \
        ("" if cip else ", count_include_pad=False") + ("" if div is None else f", divisor_override={div!r}")
    return _layer_or_call(helper(ctx, "pool", "avg_pool", "pool_sizes", "_windows"), args, as_layer)


def adaptive(c: Canon, ctx, reduce: str, as_layer: bool = True) -> str:
    n = c.lit("ndim")
    if c.get("return_indices") is not None and c.lit("return_indices") is not False:
        raise Unsupported(f"return_indices={code(c.get('return_indices'))}")
    out = lit(c, "output_size")
    size = (out,) * n if isinstance(out, int) or out is None else tuple(out)
    kind = "Average" if reduce == "mean" else "Max"
    if all(o == 1 for o in size):
        if as_layer:
            return f"layers.Global{kind}Pooling{n}D(data_format={CF}, keepdims=True)"
        axes = tuple(range(-n, 0))
        return f"ops.{reduce}({{x}}, axis={axes!r}, keepdims=True)"
    args = f"{size!r}" + ("" if reduce == "mean" else ", reduce='max'")
    return _layer_or_call(helper(ctx, "pool", "adaptive_pool"), args, as_layer)


layer("keras.layers.MaxPooling2D", "max_pool", "self, pool_size=(2, 2), strides=None, padding='valid',"
      " data_format=None, name=None, **kwargs", max_pool)
layer("keras.layers.AveragePooling2D", "avg_pool", "self, pool_size, strides=None, padding='valid', data_format=None,"
      " name=None, **kwargs", avg_pool)
layer("keras.layers.GlobalAveragePooling2D", "adaptive_avg_pool", "self, data_format=None, keepdims=False, **kwargs",
      lambda c, ctx: adaptive(c, ctx, "mean"))
layer("keras.layers.GlobalMaxPooling2D", "adaptive_max_pool", "self, data_format=None, keepdims=False, **kwargs",
      lambda c, ctx: adaptive(c, ctx, "max"))
