"""keras layers: pooling. layers.MaxPoolingND / AveragePoolingND / GlobalAveragePoolingND /
AdaptiveAveragePoolingND where they compute PyTorch's result; support/pool.py's functions (in a
layers.Lambda) for padding, dilation, ceil_mode and the like. The emitters also serve the functional
forms (functions/spatial.py), where ops.max_pool / ops.average_pool go through support/pool.py's
batch_pool: PyTorch's functions also take unbatched (C, *spatial) input, Keras's need the batch axis
(strides always given: Keras 3.15's JAX pools fail on channels-first input without them)."""
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


def _window(c: Canon, n: int, plain: bool) -> tuple[tuple | str, tuple | str]:
    """Kernel and stride sizes; a size known only when the code runs is passed on as its expression
    (`plain`: to a Keras pool, which takes an int or a tuple as PyTorch does)."""
    k = code(c.get("kernel_size")) if plain and c.lit("kernel_size") is NOT_LITERAL else tup(c, "kernel_size", n)
    if c.get("stride") is None or c.lit("stride") is None:
        return k, k
    s = code(c.get("stride")) if plain and c.lit("stride") is NOT_LITERAL else tup(c, "stride", n)
    return k, s


def _plain(c: Canon, n: int, *defaults: tuple[str, object]) -> bool:
    """Every option literal and at the value a Keras pool computes."""
    for name, default in defaults:
        v = None if c.get(name) is None else c.lit(name)   # None: not an argument of this form
        if v is NOT_LITERAL or (v if isinstance(v, bool) or v is None else
                                (v,) * n if isinstance(v, int) else tuple(v)) != default:
            return False
    return True


def _size(t: tuple | str) -> str:
    if isinstance(t, str):
        return t
    return repr(t[0]) if len(set(t)) == 1 else repr(t)


def _layer_or_call(fn: str, args: str, as_layer: bool) -> str:
    if as_layer:
        return f"layers.Lambda(lambda x: {fn}(x, {args}))"
    return f"{fn}({{x}}, {args})"


def max_pool(c: Canon, ctx, as_layer: bool = True) -> str:
    n = c.lit("ndim")
    if c.lit("return_indices") is not False:
        raise Unsupported(f"return_indices={code(c.get('return_indices'))}")
    plain = _plain(c, n, ("ceil_mode", False), ("padding", (0,) * n), ("dilation", (1,) * n))
    k, s = _window(c, n, plain)
    if plain:
        stride = "" if s == k else f", strides={_size(s)}"
        if as_layer:
            return f"layers.MaxPooling{n}D({_size(k)}{stride}, data_format={CF})"
        return f"{helper(ctx, 'pool', 'batch_pool')}(ops.max_pool, {{x}}, {n}, {_size(k)}, {_size(s)}, data_format={CF})"
    p, d, ceil = tup(c, "padding", n), tup(c, "dilation", n), lit(c, "ceil_mode")
    args = f"{k!r}, {s!r}, padding={p!r}, dilation={d!r}" + (", ceil_mode=True" if ceil else "")
    return _layer_or_call(helper(ctx, "pool", "max_pool", "pool_sizes", "_windows"), args, as_layer)


def avg_pool(c: Canon, ctx, as_layer: bool = True) -> str:
    n = c.lit("ndim")
    plain = _plain(c, n, ("ceil_mode", False), ("padding", (0,) * n), ("divisor_override", None))
    k, s = _window(c, n, plain)
    p, ceil, cip = tup(c, "padding", n), lit(c, "ceil_mode"), lit(c, "count_include_pad")
    div = lit(c, "divisor_override") if c.get("divisor_override") is not None else None
    if plain:
        stride = "" if s == k else f", strides={_size(s)}"
        if as_layer:
            return f"layers.AveragePooling{n}D({_size(k)}{stride}, data_format={CF})"
        return (f"{helper(ctx, 'pool', 'batch_pool')}(ops.average_pool, {{x}}, {n}, {_size(k)}, {_size(s)}, "
                f"data_format={CF})")
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
