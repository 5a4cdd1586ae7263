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


def ntuple(c: Canon, name: str, n: int) -> str | None:
    """`3` -> `(3, 3)`; a tuple stays; a variable becomes an expression that handles both."""
    v = c.lit(name)
    if v is NOT_LITERAL:
        src = f"({code(c.get(name))})"
        return f"({src},) * {n} if isinstance({src}, int) else tuple({src})"
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
        src = f"({code(c.get('padding'))})"
        return (f"{src}.upper() if isinstance({src}, str) else "
                f"[(p, p) for p in (({src},) * {n} if isinstance({src}, int) else {src})]")
    if isinstance(v, str):
        if v not in ("same", "valid"):
            raise Unsupported(f"padding={v!r}")
        if mode not in ("zeros", NOT_LITERAL) and v == "same":
            raise Unsupported(f"padding='same' with padding_mode={mode!r}")
        return repr(v.upper())
    pads = (v,) * n if isinstance(v, int) else tuple(v)
    if mode in ("reflect", "replicate"):
        return "'VALID'"  # padded explicitly at the call site (see pad_mode)
    if mode == "circular":
        if len(set(pads)) == 1 and pads[0] > 0:
            return "'CIRCULAR'"
        raise Unsupported("padding_mode='circular' with unequal or zero padding")
    return repr([(p, p) for p in pads])


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
                feature_group_count="{groups}", use_bias="{bias}", sig=CONV_SIG)(c, ctx)


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
