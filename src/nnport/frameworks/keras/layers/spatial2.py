"""keras layers, spatial family (second file): LP pooling, channel shuffle, im2col (nn.Unfold) and
col2im (nn.Fold) as support helpers in a layers.Lambda, channels-first (Keras has no such layers).
The emitters also serve the functional forms (as_layer=False: a '{x}' hole for the input)."""
from __future__ import annotations

import math

from nnport.frameworks.keras.layers._registry import layer
from nnport.frameworks.keras.layers.pool import lit, tup
from nnport.frameworks.keras.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Canon, Unsupported, code

_INF = {"float('inf')", 'float("inf")', "math.inf", "torch.inf", "np.inf", "float('Inf')"}


def _wrap(fn: str, args: str, as_layer: bool) -> str:
    if as_layer:
        return f"layers.Lambda(lambda x: {fn}(x, {args}))"
    return f"{fn}({{x}}, {args})"


def _norm_type(c: Canon) -> str:
    node = c.get("norm_type")
    if code(node) in _INF:
        return "math.inf"
    if code(node) in {"-" + s for s in _INF}:
        return "-math.inf"
    p = c.lit("norm_type")
    if p is NOT_LITERAL:
        return code(node)   # the helper reads it when the code runs
    if not isinstance(p, (int, float)) or isinstance(p, bool) or p == 0 or math.isnan(p):
        raise Unsupported(f"norm_type={code(node)}")
    return repr(p)


def lp_pool(c: Canon, ctx, as_layer: bool = True) -> str:
    """PyTorch: (avg_pool(x ** p) * prod(k)) ** (1 / p); p = inf: max_pool(|x|) (support/pool.py)."""
    n = c.lit("ndim")
    args = f"{_norm_type(c)}, {tup(c, 'kernel_size', n)!r}"
    if c.get("stride") is not None and c.lit("stride") is not None:
        args += f", {tup(c, 'stride', n)!r}"
    if lit(c, "ceil_mode"):
        args += ", ceil_mode=True"
    return _wrap(helper(ctx, "pool", "lp_pool", "max_pool", "avg_pool", "pool_sizes", "_windows"), args, as_layer)


def channel_shuffle(c: Canon, ctx, as_layer: bool = True) -> str:
    return _wrap(helper(ctx, "spatial", "channel_shuffle"), code(c.get("groups")), as_layer)


def _options(c: Canon, names: tuple[str, ...]) -> str:
    """Keyword arguments of the helper for the options the source gives (the helpers' defaults are
    PyTorch's)."""
    return "".join(f", {name}={code(c.get(name))}" for name in names if c.given(name))


def im2col(c: Canon, ctx, as_layer: bool = True) -> str:
    args = code(c.get("kernel_size")) + _options(c, ("dilation", "padding", "stride"))
    return _wrap(helper(ctx, "spatial2", "unfold", "_pair", "_patch_sizes"), args, as_layer)


def col2im(c: Canon, ctx, as_layer: bool = True) -> str:
    args = f"{code(c.get('output_size'))}, {code(c.get('kernel_size'))}" + _options(c, ("dilation", "padding", "stride"))
    return _wrap(helper(ctx, "spatial2", "fold", "_pair", "_patch_sizes"), args, as_layer)


layer("lp_pool", "lp_pool", None, lp_pool)
layer("channel_shuffle", "channel_shuffle", None, channel_shuffle)
layer("im2col", "im2col", None, im2col)
layer("col2im", "col2im", None, col2im)
