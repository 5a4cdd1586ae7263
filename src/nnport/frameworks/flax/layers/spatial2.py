"""flax layers, spatial family (second file): LP pooling (channels-last, reduce_window), channel
shuffle and im2col (source layout). The emitters also serve the functional forms (channels_last=False,
'{x}' holes for the input)."""
from __future__ import annotations

import math

from nnport.frameworks.flax.layers._registry import layer
from nnport.frameworks.flax.layers.pool import lit, tup
from nnport.frameworks.flax.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Canon, Unsupported, code

_INF = {"float('inf')", 'float("inf")', "math.inf", "torch.inf", "np.inf", "float('Inf')"}


def _num(v) -> str:
    return repr(int(v)) if isinstance(v, float) and v.is_integer() else repr(v)


def lp_pool(c: Canon, ctx, channels_last: bool = True) -> str:
    """PyTorch: (avg_pool(x ** p) * prod(k)) ** (1 / p); p = inf: max_pool(|x|)."""
    n = c.lit("ndim")
    k = tup(c, "kernel_size", n)
    s = k if c.get("stride") is None or c.lit("stride") is None else tup(c, "stride", n)
    ceil = lit(c, "ceil_mode")
    node = c.get("norm_type")
    x = "x" if channels_last else "{x}"
    head = "lambda x: " if channels_last else ""
    if code(node) in _INF:
        pool = helper(ctx, "spatial", "max_pool", "spatial_axes", "pool_padding", "_windows")
        return (f"{head}{pool}(jnp.abs({x}), {k!r}, {s!r}, {(0,) * n!r}, {(1,) * n!r}, ceil_mode={ceil}"
                f"{'' if channels_last else ', channels_last=False'})")
    p = lit(c, "norm_type")
    if not isinstance(p, (int, float)) or isinstance(p, bool) or p == 0 or math.isinf(p):
        raise Unsupported(f"norm_type={code(node)}")
    pw, inv = _num(p), f"(1 / {_num(p)})"
    if not ceil:
        one = (1,) if channels_last else (1, 1)
        win, st = (one + k + (1,), one + s + (1,)) if channels_last else (one + k, one + s)
        return f"{head}jax.lax.reduce_window({x} ** {pw}, 0.0, jax.lax.add, {win!r}, {st!r}, 'VALID') ** {inv}"
    pool = helper(ctx, "spatial", "avg_pool", "spatial_axes", "pool_padding", "_windows")
    return (f"{head}({pool}({x} ** {pw}, {k!r}, {s!r}, {(0,) * n!r}, ceil_mode=True"
            f"{'' if channels_last else ', channels_last=False'}) * {math.prod(k)}) ** {inv}")


def channel_shuffle(c: Canon, ctx, x: str) -> str:
    g = code(c.get("groups"))
    body = f"{x}.reshape({x}.shape[0], {g}, -1, *{x}.shape[2:]).swapaxes(1, 2).reshape({x}.shape)"
    return body


def im2col(c: Canon, ctx, x: str) -> str:
    """torch Unfold (N, C, H, W) -> (N, C * kh * kw, L): lax.conv_general_dilated_patches orders the
    patch features (c, i, j) as PyTorch does; Precision.HIGHEST keeps it exact on GPUs."""
    k, d, p, s = (tup(c, a, 2) for a in ("kernel_size", "dilation", "padding", "stride"))
    pads = [(q, q) for q in p]
    dil = f", rhs_dilation={d!r}" if set(d) != {1} else ""
    body = (f"jax.lax.conv_general_dilated_patches({x}, {k!r}, {s!r}, {pads!r}{dil}, precision=jax.lax.Precision.HIGHEST)"
            f".reshape({x}.shape[0], {x}.shape[1] * {math.prod(k)}, -1)")
    return body


def col2im(c: Canon, ctx, x: str) -> str:
    fold = helper(ctx, "spatial2", "fold")
    out = c.get("output_size")   # an expression (x.shape[-2:]) is passed on: fold() takes int or pair
    args = [code(out) if c.lit("output_size") is NOT_LITERAL else repr(tup(c, "output_size", 2)),
            repr(tup(c, "kernel_size", 2))]
    for a in ("dilation", "padding", "stride"):
        v = tup(c, a, 2)
        if v != ((0, 0) if a == "padding" else (1, 1)):
            args.append(f"{a}={v!r}")
    return f"{fold}({x}, {', '.join(args)})"


layer("lp_pool", "lp_pool", None, lp_pool, layout="channels_last")
layer("channel_shuffle", "channel_shuffle", None, lambda c, ctx: "lambda x: " + channel_shuffle(c, ctx, "x"))
layer("im2col", "im2col", None, lambda c, ctx: "lambda x: " + im2col(c, ctx, "x"))
layer("col2im", "col2im", None, lambda c, ctx: "lambda x: " + col2im(c, ctx, "x"))
