"""Convolution arithmetic for Flax targets: tuples per spatial dim, padding forms, padding modes."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.spec import NOT_LITERAL, Canon, Unsupported, code
from nnport.translate.emit import call

CONV_SIG = ("self, in_features, out_features, kernel_size, strides=1, *, padding='SAME', input_dilation=1,"
            " kernel_dilation=1, feature_group_count=1, use_bias=True, mask=None, dtype=None,"
            " param_dtype=jnp.float32, precision=None, kernel_init=default_kernel_init,"
            " bias_init=default_bias_init, conv_general_dilated=lax.conv_general_dilated,"
            " promote_dtype=dtypes.promote_dtype, preferred_element_type=None, rngs,"
            " kernel_metadata=MappingProxyType({}), bias_metadata=MappingProxyType({})")


def ntuple_text(src: str, n: int) -> str:
    """PyTorch's int-or-tuple `src` as Flax's tuple of n (flax/reading/idioms.py reads it back)."""
    src = f"({src})"
    return f"({src},) * {n} if isinstance({src}, int) else tuple({src})"


def padding_text(src: str, n: int) -> str:
    """PyTorch's padding `src` (int, tuple or 'same' / 'valid') as Flax's (pairs or string)."""
    src = f"({src})"
    return (f"{src}.upper() if isinstance({src}, str) else "
            f"[(p, p) for p in (({src},) * {n} if isinstance({src}, int) else {src})]")


def ntuple(c: Canon, name: str, n: int) -> str | None:
    """`3` -> `(3, 3)`; a tuple stays; a variable becomes an expression that handles both."""
    v = c.lit(name)
    if v is NOT_LITERAL:
        return ntuple_text(code(c.get(name)), n)
    if isinstance(v, int):
        return repr((v,) * n)
    return repr(tuple(v))


def ntuple_or_int(c: Canon, name: str, n: int, default: int = 1) -> str | None:
    """Like ntuple, but None when the value is the default scalar (Flax broadcasts ints)."""
    v = c.lit(name)
    if v == default or v == (default,) * n:
        return None
    return ntuple(c, name, n)


def padding(c: Canon, n: int) -> str:
    """PyTorch padding (int, tuple, 'same', 'valid') -> Flax padding (pairs or string)."""
    v = c.lit("padding")
    mode = c.lit("padding_mode")
    if v is NOT_LITERAL:
        if mode != "zeros":
            raise Unsupported(f"padding_mode={mode!r} with a non-literal padding")
        return padding_text(code(c.get("padding")), n)
    if isinstance(v, str):
        if v not in ("same", "valid"):
            raise Unsupported(f"padding={v!r}")
        if mode not in ("zeros", NOT_LITERAL) and v == "same":
            raise Unsupported(f"padding='same' with padding_mode={mode!r}")
        return repr(v.upper())
    pads = (v,) * n if isinstance(v, int) else tuple(v)
    if mode in ("reflect", "circular") and _centred(c, pads, n):
        return repr(mode.upper())   # nnx pads ((k-1)//2, k//2) of the dilated kernel: the same here
    if not any(pads):
        return "'VALID'"
    return repr([(p, p) for p in pads])


def _centred(c: Canon, pads: tuple, n: int) -> bool:
    """padding == (dilated kernel - 1) / 2 on every axis, with an odd dilated kernel."""
    k, d = c.lit("kernel_size"), c.lit("dilation")
    if k is NOT_LITERAL or d is NOT_LITERAL:
        return False
    k = (k,) * n if isinstance(k, int) else tuple(k)
    d = (d,) * n if isinstance(d, int) else tuple(d)
    return all((kk - 1) * dd == 2 * p for kk, dd, p in zip(k, d, pads))


_PAD_MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def padded_conv(c: Canon, ctx) -> str | None:
    """conv_general_dilated= for padding modes nnx.Conv has no string for (pads the input first)."""
    from nnport.frameworks.flax.support import helper
    mode, v = c.lit("padding_mode"), c.lit("padding")
    if mode == "zeros" or isinstance(v, str):
        return None
    n = c.lit("ndim")
    pads = (v,) * n if isinstance(v, int) else tuple(v)
    if not any(pads) or mode in ("reflect", "circular") and _centred(c, pads, n):
        return None
    return f"partial({helper(ctx, 'spatial', 'padded_conv')}, mode={_PAD_MODES[mode]!r})"


def emit_conv(c: Canon, ctx) -> cst.BaseExpression:
    n = c.lit("ndim")
    mode = c.lit("padding_mode")
    if mode is NOT_LITERAL or mode not in ("zeros", "reflect", "replicate", "circular"):
        raise Unsupported(f"padding_mode={code(c.get('padding_mode'))}")
    return call("nnx.Conv", "{in_channels}", "{out_channels}",
                lambda c, ctx: ntuple(c, "kernel_size", n),
                strides=lambda c, ctx: ntuple_or_int(c, "stride", n),
                padding=lambda c, ctx: padding(c, n),
                kernel_dilation=lambda c, ctx: ntuple_or_int(c, "dilation", n),
                feature_group_count="{groups}", use_bias="{bias}", conv_general_dilated=padded_conv,
                sig=CONV_SIG)(c, ctx)


def flatten_fn(c: Canon, ctx) -> str:
    """nn.Flatten(start_dim, end_dim) as a function of x (x in the source's layout)."""
    s, e = c.lit("start_dim"), c.lit("end_dim")
    to_src = "jnp.moveaxis(x, -1, 1)" if getattr(ctx, "channels_last", False) else "x"
    if s == 1 and e == -1:
        return f"lambda x: {to_src}.reshape(x.shape[0], -1)"
    if s is NOT_LITERAL or e is NOT_LITERAL:
        raise Unsupported("Flatten with non-literal dims")
    end = "" if e == -1 else f" + x.shape[{e + 1}:]"
    return f"lambda x: {to_src}.reshape(x.shape[:{s}] + (-1,){end})"


CONV_TRANSPOSE_SIG = (
    "self, in_features, out_features, kernel_size, strides=None, *, padding='SAME', kernel_dilation=None,"
    " use_bias=True, mask=None, dtype=None, param_dtype=jnp.float32, precision=None,"
    " kernel_init=default_kernel_init, bias_init=default_bias_init, transpose_kernel=False,"
    " promote_dtype=dtypes.promote_dtype, preferred_element_type=None, rngs,"
    " kernel_metadata=MappingProxyType({}), bias_metadata=MappingProxyType({})")


def _ints(c: Canon, name: str, n: int) -> tuple[int, ...]:
    v = c.lit(name)
    if v is NOT_LITERAL:
        raise Unsupported(f"{name}={code(c.get(name))} must be a literal for the padding arithmetic")
    return (v,) * n if isinstance(v, int) else tuple(v)


def emit_conv_transpose(c: Canon, ctx) -> cst.BaseExpression:
    """PyTorch ConvTransposeNd = lax.conv_transpose with a flipped, in/out-swapped kernel
    (transpose_kernel=True) and padding (d*(k-1) - p, d*(k-1) - p + output_padding) per axis."""
    n = c.lit("ndim")
    groups = c.lit("groups")
    if groups is NOT_LITERAL or not isinstance(groups, int):
        raise Unsupported(f"groups={code(c.get('groups'))}: only literal group counts are translated")
    if c.lit("padding_mode") != "zeros":
        raise Unsupported(f"padding_mode={code(c.get('padding_mode'))}")
    if isinstance(c.lit("padding"), str):
        raise Unsupported(f"padding={code(c.get('padding'))}")
    k, p, op, d = (_ints(c, a, n) for a in ("kernel_size", "padding", "output_padding", "dilation"))
    pads = [(dd * (kk - 1) - pp, dd * (kk - 1) - pp + oo) for kk, pp, oo, dd in zip(k, p, op, d)]
    strides = lambda c, ctx: ntuple_or_int(c, "stride", n)  # noqa: E731
    dilation = lambda c, ctx: ntuple_or_int(c, "dilation", n)  # noqa: E731
    if groups != 1:   # nnx.ConvTranspose has no feature groups: a subclass that adds them
        from nnport.frameworks.flax.support import helper
        return call(helper(ctx, "spatial2", "GroupedConvTranspose"), "{in_channels}", "{out_channels}",
                    repr(k), strides, padding=repr(pads), groups=str(groups), kernel_dilation=dilation,
                    use_bias="{bias}", sig=GROUPED_CONV_TRANSPOSE_SIG)(c, ctx)
    return call("nnx.ConvTranspose", "{in_channels}", "{out_channels}", repr(k),
                strides=strides, padding=repr(pads), kernel_dilation=dilation, use_bias="{bias}",
                transpose_kernel="True", sig=CONV_TRANSPOSE_SIG)(c, ctx)


GROUPED_CONV_TRANSPOSE_SIG = ("in_features, out_features, kernel_size, strides=None, *, padding, groups,"
                              " kernel_dilation=None, use_bias=True, rngs")


def conv_transpose_call(c: Canon, node: cst.Call, ctx) -> cst.BaseExpression:
    if len(node.args) > 1:
        raise Unsupported("ConvTranspose called with output_size: give the padding in the constructor")
    return node
