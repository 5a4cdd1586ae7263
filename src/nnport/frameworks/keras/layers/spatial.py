"""keras layers: upsampling, padding, pixel shuffle, unflatten and identity (channels-first). The
emitters also serve the functional forms (as_layer=False)."""
from __future__ import annotations

from nnport.frameworks.keras.layers._registry import CF, layer
from nnport.frameworks.keras.layers.pool import lit
from nnport.frameworks.keras.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Canon, Unsupported, code

_RESIZE = {"nearest": "nearest", "bilinear": "bilinear"}


def upsample(c: Canon, ctx, as_layer: bool = True) -> str:
    """Integer scale factors in 'nearest' of a known rank, and in 'bilinear' without align_corners
    (TF's half-pixel resize is PyTorch's align_corners=False), are layers.UpSamplingND; sizes, other
    factors, align_corners=True, 'linear' / 'trilinear' / 'nearest-exact' and 'nearest' of any rank
    (nn.Upsample) are support/spatial.py's interpolate."""
    mode = lit(c, "mode")
    if c.get("recompute_scale_factor") is not None and lit(c, "recompute_scale_factor"):
        raise Unsupported("recompute_scale_factor=True")
    if c.get("antialias") is not None and lit(c, "antialias"):
        raise Unsupported("antialias=True")
    n = c.lit("ndim") if c.lit("ndim") is not NOT_LITERAL else None
    scale = _integer_scale(c)
    corners = c.get("align_corners") is not None and c.lit("align_corners") is not None and \
        c.lit("align_corners") is not False
    if scale is None or mode not in _RESIZE or corners or (mode == "bilinear" and n not in (2, None)) or \
            (mode == "nearest" and n is None):   # nn.Upsample takes any rank: no one Keras layer does
        return _interpolate(c, ctx, mode, as_layer)
    if n is None:
        n = 2   # 'bilinear' resizes 2 spatial axes
    interp = "" if mode == "nearest" else f", interpolation={mode!r}"
    size = repr(scale)
    if n == 1:
        if as_layer:   # UpSampling1D repeats axis 1 of (N, L, C): on (N, C, L) the data moves
            return f"layers.Lambda(lambda x: ops.repeat(x, {size}, axis=-1))"
        return f"ops.repeat({{x}}, {size}, axis=-1)"
    out = f"layers.UpSampling{n}D({size}, data_format={CF}{interp})"
    return out if as_layer else f"{out}({{x}})"


def _integer_scale(c: Canon):
    """The scale factor as an int or a tuple of ints, None where there is none such (a size)."""
    if c.get("size") is not None and c.lit("size") is not None:
        return None
    scale = c.lit("scale_factor")
    if isinstance(scale, float) and scale.is_integer():
        return int(scale)
    if isinstance(scale, int) and not isinstance(scale, bool):
        return scale
    if isinstance(scale, tuple) and all(isinstance(s, (int, float)) and float(s).is_integer() for s in scale):
        return tuple(int(s) for s in scale)
    return None


_INTERPOLATE = ("nearest", "nearest-exact", "linear", "bilinear", "trilinear")


def _interpolate(c: Canon, ctx, mode: str, as_layer: bool) -> str:
    if mode not in _INTERPOLATE:
        raise Unsupported(f"mode={mode!r}")
    fn = helper(ctx, "spatial", "interpolate")
    args = []
    for name in ("size", "scale_factor"):
        if c.get(name) is not None and c.lit(name) is not None:
            args.append(f"{name}={code(c.get(name))}")
    if not args:
        raise Unsupported("upsampling needs a size or a scale_factor")
    if mode != "nearest":
        args.append(f"mode={mode!r}")
    if c.get("align_corners") is not None and c.lit("align_corners") not in (None, False):
        args.append(f"align_corners={code(c.get('align_corners'))}")
    if as_layer:
        return f"layers.Lambda(lambda x: {fn}(x, {', '.join(args)}))"
    return f"{fn}({{x}}, {', '.join(args)})"


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


_MODES = ("constant", "reflect", "replicate", "circular")


def pad_args(c: Canon, pairs) -> str:
    mode = lit(c, "mode")
    if mode not in _MODES:
        raise Unsupported(f"mode={mode!r}")
    width = ", ".join(f"({a}, {b})" for a, b in pairs)
    out = f"[{width}]" + ("" if mode == "constant" else f", {mode!r}")
    value = c.get("value")
    if mode == "constant" and value is not None and c.lit("value") not in (0, 0.0, None):
        out += f", value={code(value)}"
    return out


def pad_layer(c: Canon, ctx) -> str:
    fn = helper(ctx, "conv", "pad_nd")
    return f"layers.Lambda(lambda x: {fn}(x, {pad_args(c, pad_pairs(c, 'padding', c.lit('ndim')))}))"


def shuffle(c: Canon, ctx, name: str, factor: str, as_layer: bool = True) -> str:
    fn = helper(ctx, "spatial", name)
    if as_layer:
        return f"layers.Lambda(lambda x: {fn}(x, {code(c.get(factor))}))"
    return f"{fn}({{x}}, {code(c.get(factor))})"


def unflatten(c: Canon, ctx) -> str:
    d, sizes = lit(c, "dim"), c.get("unflattened_size")
    s = c.lit("unflattened_size")
    sizes = repr(tuple(s)) if s is not NOT_LITERAL else f"tuple({code(sizes)})"
    rest = "" if d == -1 else f" + tuple(x.shape[{d + 1}:])"
    return f"layers.Lambda(lambda x: ops.reshape(x, tuple(x.shape[:{d}]) + {sizes}{rest}))"


layer("upsample", "upsample", None, upsample)
layer("pad", "pad", None, pad_layer)
layer("pixel_shuffle", "pixel_shuffle", None, lambda c, ctx: shuffle(c, ctx, "pixel_shuffle", "upscale_factor"))
layer("pixel_unshuffle", "pixel_unshuffle", None,
      lambda c, ctx: shuffle(c, ctx, "pixel_unshuffle", "downscale_factor"))
layer("unflatten", "unflatten", None, unflatten)
layer("keras.layers.Identity", "identity", "self, **kwargs", lambda c, ctx: "layers.Identity()")
