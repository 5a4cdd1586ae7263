"""Pivot ops -> F.* pooling: F.Pooling where it computes PyTorch's result (as layers/pool.py decides),
support/pool.py's max_pool / avg_pool / adaptive_pool otherwise; global pools as F.mean / F.max, also
where the window is the input's own spatial shape (`F.max_pool2d(x, x.shape[2:])`, windows.py)."""
from __future__ import annotations

from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.mxnet.functions.windows import runtime_window, whole_input
from nnport.frameworks.mxnet.layers import pool as layers
from nnport.translate.emit import expr


def _pooling(x, pool_type: str, k, s, p, ceil: bool, extra: str = ""):
    conv = ", pooling_convention='full'" if ceil else ""
    pad = f", pad={p!r}" if any(p) else ""
    return expr(f"F.Pooling({{x}}, kernel={k!r}, pool_type='{pool_type}', stride={s!r}{pad}{conv}{extra})", x=x)


def _global(reduce: str, c, n: int):
    return expr(f"F.{reduce}({{x}}, axis={tuple(range(-n, 0))!r}, keepdims=True)", x=c.get("input"))


def _runtime_pooling(c, pool_type: str):
    k, s = runtime_window(c)
    return expr(f"F.Pooling({{x}}, kernel={{k}}, pool_type='{pool_type}', stride={{s}})", x=c.get("input"), k=k, s=s)


def _max_pool(c, ctx):
    from nnport.frameworks.mxnet.support import helper
    if whole_input(c):
        return _global("max", c, int(c.lit("ndim")))
    if runtime_window(c):
        return _runtime_pooling(c, "max")
    (n, k, s, p, d, ceil), plain = layers.plain_max(c)
    if plain:
        return _pooling(c.get("input"), "max", k, s, p, ceil)
    helper(ctx, "spatial", "pad")
    return expr(f"{helper(ctx, 'pool', 'max_pool')}(F, {{x}}, {k!r}, {s!r}, {p!r}, {d!r}, {ceil!r})", x=c.get("input"))


def _avg_pool(c, ctx):
    from nnport.frameworks.mxnet.support import helper
    if whole_input(c):
        return _global("mean", c, int(c.lit("ndim")))
    if runtime_window(c):
        return _runtime_pooling(c, "avg")
    (n, k, s, p, ceil, cip, div), plain = layers.plain_avg(c)
    if plain:
        return _pooling(c.get("input"), "avg", k, s, p, ceil, "" if cip else ", count_include_pad=False")
    helper(ctx, "spatial", "pad")
    return expr(f"{helper(ctx, 'pool', 'avg_pool')}(F, {{x}}, {k!r}, {s!r}, {p!r}, {ceil!r}, {cip!r}, {div!r})",
                x=c.get("input"))


def _adaptive(reduce: str):
    def emit(c, ctx):
        from nnport.frameworks.mxnet.support import helper
        size = layers.output_size(c)
        n = len(size)
        if all(o == 1 for o in size):
            return _global(reduce, c, n)
        if reduce == "mean" and n == 2 and None not in size:
            return expr(f"F.contrib.AdaptiveAvgPooling2D({{x}}, output_size={size!r})", x=c.get("input"))
        return expr(f"{helper(ctx, 'pool', 'adaptive_pool')}({{x}}, {size!r}, '{reduce}')", x=c.get("input"))
    return emit


def _lp_pool(c, ctx):
    from nnport.frameworks.mxnet.support import helper
    helper(ctx, "spatial", "pad")
    return expr(f"{helper(ctx, 'pool', 'lp_pool')}(F, {{x}}, {layers.lp_args(c)})", x=c.get("input"))


fn("mxnet.ndarray.Pooling", "max_pool", _max_pool)
fn("max_pool", "max_pool", None)   # support/pool.py (labels)
fn("avg_pool", "avg_pool", _avg_pool)
fn("adaptive_avg_pool", "adaptive_avg_pool", _adaptive("mean"))   # F.mean / F.contrib / support (labels)
fn("adaptive_max_pool", "adaptive_max_pool", _adaptive("max"))
fn("lp_pool", "lp_pool", _lp_pool)
