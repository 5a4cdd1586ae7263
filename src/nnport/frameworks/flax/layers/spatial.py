"""flax layers: upsampling, padding, pixel shuffle (channels-last, like the convolutions around them),
unflatten and identity. The emitters also serve the functional forms (channels_last=False)."""
from __future__ import annotations

from nnport.frameworks.flax.layers._registry import layer
from nnport.frameworks.flax.layers.pool import lit
from nnport.frameworks.flax.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Canon, Unsupported, code

_MODES = {"nearest", "nearest-exact", "linear", "bilinear", "trilinear"}


def upsample(c: Canon, ctx, channels_last: bool = True) -> str:
    mode = lit(c, "mode")
    if mode not in _MODES:
        raise Unsupported(f"mode={mode!r}: only {', '.join(sorted(_MODES))} are translated")
    if c.get("recompute_scale_factor") is not None and lit(c, "recompute_scale_factor"):
        raise Unsupported("recompute_scale_factor=True")
    if c.get("antialias") is not None and lit(c, "antialias"):
        raise Unsupported("antialias=True")
    size = c.get("size")
    scale = c.get("scale_factor")
    size_v = c.lit("size") if size is not None else None
    scale_v = c.lit("scale_factor") if scale is not None else None
    if (size_v is None) == (scale_v is None):
        raise Unsupported("give exactly one of size and scale_factor")
    kw = {}
    if size_v is not None:
        kw["size"] = code(size)
    if scale_v is not None:
        kw["scale_factor"] = code(scale)
    if mode != "nearest":
        kw["mode"] = repr(mode)
    if mode in ("linear", "bilinear", "trilinear") and c.get("align_corners") is not None and \
            lit(c, "align_corners"):
        kw["align_corners"] = "True"
    fn = helper(ctx, "spatial", "interpolate", "spatial_axes", "_source_scale")
    args = ", ".join(f"{k}={v}" for k, v in kw.items())
    return f"partial({fn}, {args})" if channels_last else f"{fn}({{x}}, {args}, channels_last=False)"


_JNP_MODES = {"constant": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def pad_pairs(c: Canon, name: str, n: int | None) -> list[tuple[str, str]]:
    """PyTorch's flat (last-dim-first) padding -> (before, after) pairs, first spatial axis first."""
    v = c.lit(name)
    if isinstance(v, int):
        return [(str(v), str(v))] * n
    node = c.get(name)
    if v is NOT_LITERAL:
        els = getattr(node, "elements", None)
        if els is None:
            raise Unsupported(f"{name}={code(node)}: only literal or tuple paddings are translated")
        vals = [code(e.value) for e in els]
    else:
        vals = [str(x) for x in v]
    if any(x.lstrip().startswith("-") for x in vals):
        raise Unsupported("negative padding (cropping)")
    if len(vals) % 2 or (n is not None and len(vals) != 2 * n):
        raise Unsupported(f"{name}={code(node)}: expected {2 * n if n else 'an even number of'} values")
    pairs = [(vals[i], vals[i + 1]) for i in range(0, len(vals), 2)]
    return pairs[::-1]


def pad_mode(c: Canon) -> str:
    mode = lit(c, "mode")
    if mode not in _JNP_MODES:
        raise Unsupported(f"mode={mode!r}")
    out = "" if mode == "constant" else f", mode={_JNP_MODES[mode]!r}"
    value = c.get("value")
    if mode == "constant" and value is not None and c.lit("value") not in (0, 0.0, None):
        out += f", constant_values={code(value)}"
    return out


def pad_layer(c: Canon, ctx) -> str:
    pairs = pad_pairs(c, "padding", c.lit("ndim"))
    width = ", ".join(f"({a}, {b})" for a, b in pairs)
    return f"partial(jnp.pad, pad_width=((0, 0), {width}, (0, 0)){pad_mode(c)})"


def shuffle(c: Canon, ctx, name: str, factor: str, channels_last: bool = True) -> str:
    fn = helper(ctx, "spatial", name)
    if channels_last:
        return f"partial({fn}, r={code(c.get(factor))})"
    return f"{fn}({{x}}, {code(c.get(factor))}, channels_last=False)"


def unflatten(c: Canon, ctx) -> str:
    d, sizes = lit(c, "dim"), c.get("unflattened_size")
    s = c.lit("unflattened_size")
    sizes = repr(tuple(s)) if s is not NOT_LITERAL else f"tuple({code(sizes)})"
    rest = "" if d == -1 else f" + x.shape[{d + 1}:]"
    return f"lambda x: x.reshape(x.shape[:{d}] + {sizes}{rest})"


layer("upsample", "upsample", None, upsample, layout="channels_last")
layer("pad", "pad", None, pad_layer, layout="channels_last")
layer("pixel_shuffle", "pixel_shuffle", None,
      lambda c, ctx: shuffle(c, ctx, "pixel_shuffle", "upscale_factor"), layout="channels_last")
layer("pixel_unshuffle", "pixel_unshuffle", None,
      lambda c, ctx: shuffle(c, ctx, "pixel_unshuffle", "downscale_factor"), layout="channels_last")
layer("unflatten", "unflatten", None, unflatten)
# An empty nnx.Sequential is the identity and, unlike `lambda x: x`, a Module: code that later
# replaces it with a layer (`self.shortcut = nn.Identity()` ... `= nn.Sequential(...)`) stays valid.
layer("flax.nnx.Sequential", "identity", None, lambda c, ctx: "nnx.Sequential()")
