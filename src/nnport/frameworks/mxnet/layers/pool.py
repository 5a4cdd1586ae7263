"""Pivot ops -> Gluon pooling. nn.MaxPoolND / nn.AvgPoolND where they compute PyTorch's result (no
dilation, no divisor_override; ceil_mode only where PyTorch never drops the last window: padding +
stride <= kernel on every axis); support/pool.py's blocks otherwise. Adaptive pooling: global pools
for output size 1, F.contrib.AdaptiveAvgPooling2D's bins (PyTorch's) in 2-D, else bins computed from
the input's shape (imperative). The emitters serve the functional forms too (functions/pool.py)."""
from __future__ import annotations

from nnport.frameworks.mxnet.layers._registry import layer
from nnport.frameworks.spec import NOT_LITERAL, Canon, Unsupported, code

_LAYOUTS = {1: "NCW", 2: "NCHW", 3: "NCDHW"}


def lit(c: Canon, name: str):
    v = c.lit(name)
    if v is NOT_LITERAL:
        raise Unsupported(f"{name}={code(c.get(name))}: only literal values are translated")
    return v


def tup(c: Canon, name: str, n: int, default=None) -> tuple | None:
    if c.get(name) is None:
        return default
    v = lit(c, name)
    if v is None or v == ():
        return default
    return (v,) * n if isinstance(v, int) else tuple(v)


def sizes(c: Canon):
    """(n, kernel, stride, padding, dilation) as per-axis tuples (stride defaults to the kernel)."""
    n = int(c.lit("ndim"))
    k = tup(c, "kernel_size", n)
    return n, k, tup(c, "stride", n, k), tup(c, "padding", n, (0,) * n), tup(c, "dilation", n, (1,) * n)


def _size(t: tuple) -> str:
    return repr(t[0]) if len(set(t)) == 1 else repr(t)


def _no_drop(k, s, p) -> bool:
    """MXNet's 'full' convention is PyTorch's ceil_mode except that PyTorch drops a last window that
    would start in the right padding; with padding + stride <= kernel none ever does."""
    return all(pp + ss <= kk for kk, ss, pp in zip(k, s, p))


def plain_max(c: Canon):
    if c.get("return_indices") is not None and c.lit("return_indices") is not False:
        raise Unsupported(f"return_indices={code(c.get('return_indices'))}: Gluon's pools give no indices")
    n, k, s, p, d = sizes(c)
    ceil = bool(lit(c, "ceil_mode"))
    return (n, k, s, p, d, ceil), set(d) == {1} and (not ceil or _no_drop(k, s, p))


def plain_avg(c: Canon):
    n, k, s, p, _ = sizes(c)
    ceil, cip = bool(lit(c, "ceil_mode")), bool(lit(c, "count_include_pad"))
    div = lit(c, "divisor_override") if c.get("divisor_override") is not None else None
    return (n, k, s, p, ceil, cip, div), div is None and (not ceil or _no_drop(k, s, p))


def _pool_args(k, s, p, ceil) -> str:
    args = [_size(k)]
    if s != k:
        args.append(f"strides={_size(s)}")
    if any(p):
        args.append(f"padding={_size(p)}")
    if ceil:
        args.append("ceil_mode=True")
    return ", ".join(args)


def max_pool(c: Canon, ctx) -> str:
    from nnport.frameworks.mxnet.support import helper
    (n, k, s, p, d, ceil), plain = plain_max(c)
    if plain:
        return f"nn.MaxPool{n}D({_pool_args(k, s, p, ceil)})"
    helper(ctx, "spatial", "pad")
    args = f"{k!r}, {s!r}, {p!r}, {d!r}" + (", ceil_mode=True" if ceil else "")
    return f"{helper(ctx, 'pool', 'MaxPool')}({args})"


def avg_pool(c: Canon, ctx) -> str:
    from nnport.frameworks.mxnet.support import helper
    (n, k, s, p, ceil, cip, div), plain = plain_avg(c)
    if plain:
        return f"nn.AvgPool{n}D({_pool_args(k, s, p, ceil)}" + ("" if cip else ", count_include_pad=False") + ")"
    helper(ctx, "spatial", "pad")
    args = f"{k!r}, {s!r}, {p!r}" + (", ceil_mode=True" if ceil else "") + \
        ("" if cip else ", count_include_pad=False") + ("" if div is None else f", divisor_override={div!r}")
    return f"{helper(ctx, 'pool', 'AvgPool')}({args})"


def output_size(c: Canon) -> tuple:
    if c.get("return_indices") is not None and c.lit("return_indices") is not False:
        raise Unsupported(f"return_indices={code(c.get('return_indices'))}: Gluon's pools give no indices")
    n, out = int(c.lit("ndim")), lit(c, "output_size")
    return (out,) * n if isinstance(out, int) or out is None else tuple(out)


def adaptive(c: Canon, ctx, reduce: str) -> str:
    from nnport.frameworks.mxnet.support import helper
    size = output_size(c)
    n = len(size)
    if all(o == 1 for o in size):
        return f"nn.Global{'Avg' if reduce == 'mean' else 'Max'}Pool{n}D()"
    if reduce == "mean" and n == 2 and None not in size:
        return f"{helper(ctx, 'pool', 'AdaptiveAvgPool2D')}({_size(size)})"
    return f"{helper(ctx, 'pool', 'AdaptivePool')}({size!r}" + ("" if reduce == "mean" else ", reduce='max'") + ")"


def _sig(kind: str, n: int) -> str:
    k = "2" if n == 1 else repr((2,) * n)
    lay = f"layout='{_LAYOUTS[n]}'"
    order = f"{lay}, ceil_mode=False" if n == 1 or kind == "Max" and n == 2 else f"ceil_mode=False, {lay}"
    tail = ", count_include_pad=True" if kind == "Avg" else ""
    return f"self, pool_size={k}, strides=None, padding=0, {order}{tail}, **kwargs"


def lp_args(c: Canon) -> str:
    """LPPoolNd / lp_poolNd: norm_type, kernel and stride tuples, ceil_mode."""
    text = code(c.get("norm_type"))
    if text.replace('"', "'") in ("float('inf')", "math.inf"):   # the max of |x| (support/pool.py)
        p = "float('inf')"
    else:
        v = lit(c, "norm_type")
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v == 0:
            raise Unsupported(f"norm_type={text}: a non-zero number")
        p = repr(v)
    n, k, s, _, _ = sizes(c)
    return f"{p}, {k!r}, {s!r}" + (", ceil_mode=True" if lit(c, "ceil_mode") else "")


def lp_pool(c: Canon, ctx) -> str:
    from nnport.frameworks.mxnet.support import helper
    helper(ctx, "spatial", "pad")
    return f"{helper(ctx, 'pool', 'LPPool')}({lp_args(c)})"


for _n in (1, 2, 3):
    layer(f"mxnet.gluon.nn.MaxPool{_n}D", "max_pool", _sig("Max", _n), max_pool)
    layer(f"mxnet.gluon.nn.AvgPool{_n}D", "avg_pool", _sig("Avg", _n), avg_pool)
    layer(f"mxnet.gluon.nn.GlobalAvgPool{_n}D", "adaptive_avg_pool", f"self, layout='{_LAYOUTS[_n]}', **kwargs",
          lambda c, ctx: adaptive(c, ctx, "mean"))
    layer(f"mxnet.gluon.nn.GlobalMaxPool{_n}D", "adaptive_max_pool", f"self, layout='{_LAYOUTS[_n]}', **kwargs",
          lambda c, ctx: adaptive(c, ctx, "max"))
layer("MaxPool", "max_pool", None, None)          # support/pool.py (labels)
layer("AvgPool", "avg_pool", None, None)
layer("AdaptiveAvgPool2D", "adaptive_avg_pool", None, None)
layer("AdaptivePool", "adaptive_max_pool", None, None)
layer("LPPool", "lp_pool", None, lp_pool)
