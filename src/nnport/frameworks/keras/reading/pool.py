"""Keras pooling, padding, cropping and upsampling layers -> pivot ops."""
from __future__ import annotations

from nnport.frameworks.keras.reading.conv import flat_pad, one, same_pads, tup
from nnport.frameworks.keras.reading.registry import Code, Step, channels_perm, reader, spatial
from nnport.frameworks.spec import Unsupported

X = Code("_0")
_ND = {"1D": 1, "2D": 2, "3D": 3}


def _pool_window(config, n):
    kernel = tup(config["pool_size"], n)
    strides = config.get("strides")
    return kernel, kernel if strides is None else tup(strides, n)


@reader(*(f"keras.layers.MaxPooling{d}" for d in _ND))
def max_pool(config, inputs, ctx):
    rank = len(inputs[0])
    n, perm = rank - 2, channels_perm(config, rank)
    kernel, strides = _pool_window(config, n)
    args = {"kernel_size": one(kernel), "ndim": n}
    if strides != kernel:
        args["stride"] = one(strides)
    pre = []
    if config.get("padding") == "same":
        pads = same_pads(spatial(config, inputs[0]), kernel, strides, (1,) * n)
        if pads is None:
            raise Unsupported(f"{ctx.name}: padding='same' needs the input size")
        if all(a == b and 2 * a <= k for (a, b), k in zip(pads, kernel)):
            if any(a for a, _ in pads):
                args["padding"] = one(tuple(a for a, _ in pads))
        else:   # -inf: the padding never wins a max, as in TensorFlow
            pre = [Step("pad", {"input": X, "pad": flat_pad(pads), "value": Code("float('-inf')")}, perm=perm)]
    return [*pre, Step("max_pool", args, module="", perm=perm)]


@reader(*(f"keras.layers.AveragePooling{d}" for d in _ND))
def avg_pool(config, inputs, ctx):
    """padding="same" averages over the window's pixels inside the image (count_include_pad=False)."""
    rank = len(inputs[0])
    n, perm = rank - 2, channels_perm(config, rank)
    kernel, strides = _pool_window(config, n)
    args = {"kernel_size": one(kernel), "ndim": n}
    if strides != kernel:
        args["stride"] = one(strides)
    if config.get("padding") == "same":
        pads = same_pads(spatial(config, inputs[0]), kernel, strides, (1,) * n)
        if pads is None:
            raise Unsupported(f"{ctx.name}: padding='same' needs the input size")
        if not all(a == b and 2 * a <= k for (a, b), k in zip(pads, kernel)):
            p = flat_pad(pads)
            fn = f"F.avg_pool{n}d"
            window = f"{one(kernel)!r}, {one(strides)!r}"
            return [Step("", perm=perm, expr=f"{fn}(F.pad(_0, {p!r}), {window}) / "
                                                 f"{fn}(F.pad(torch.ones_like(_0[:, :1]), {p!r}), {window})")]
        if any(a for a, _ in pads):
            args["padding"] = one(tuple(a for a, _ in pads))
            args["count_include_pad"] = False
    return [Step("avg_pool", args, module="", perm=perm)]


def _global(op):
    def read(config, inputs, ctx):
        rank = len(inputs[0])
        axes = tuple(range(2, rank)) if config.get("data_format") == "channels_first" else tuple(range(1, rank - 1))
        keep = bool(config.get("keepdims", False))
        mask = ctx.kwargs.get("mask")
        if mask is not None and op == "mean" and rank == 3 and not keep:
            # Keras averages over the unmasked steps only
            m = f"{mask}.unsqueeze(-1).to(_0.dtype)"
            return [Step("", expr=f"(_0 * {m}).sum(1) / {m}.sum(1)", perm=(0, 1, 2), out_perm=None)]
        if mask is not None:
            raise Unsupported(f"{ctx.api} over a masked input is not translated")
        args = {"input": X, "dim": axes if len(axes) > 1 else axes[0]}
        if keep:
            args["keepdim"] = True
        return [Step(op, args, axes=("dim",), out_perm="same" if keep else None)]
    return read


for _d in _ND:
    reader(f"keras.layers.GlobalAveragePooling{_d}")(_global("mean"))
    reader(f"keras.layers.GlobalMaxPooling{_d}")(_global("amax"))


def _pairs(value, n):
    if isinstance(value, int):
        return [(value, value)] * n
    if n == 1 and len(value) == 2 and all(isinstance(v, int) for v in value):
        return [tuple(value)]
    return [(v, v) if isinstance(v, int) else tuple(v) for v in value]


@reader(*(f"keras.layers.ZeroPadding{d}" for d in _ND))
def zero_padding(config, inputs, ctx):
    rank = len(inputs[0])
    pads = _pairs(config["padding"], rank - 2)
    return [Step("pad", {"input": X, "pad": flat_pad(pads)}, perm=channels_perm(config, rank))]


@reader(*(f"keras.layers.Cropping{d}" for d in _ND))
def cropping(config, inputs, ctx):
    rank = len(inputs[0])
    crops = _pairs(config["cropping"], rank - 2)
    index = ", ".join(f"{a}:{-b if b else ''}" for a, b in crops)
    return [Step("", expr=f"_0[:, :, {index}]", perm=channels_perm(config, rank))]


@reader("keras.layers.UpSampling1D")
def upsampling1d(config, inputs, ctx):
    return [Step("repeat_interleave", {"input": X, "repeats": int(config["size"]), "dim": 1}, axes=("dim",))]


@reader("keras.layers.UpSampling2D", "keras.layers.UpSampling3D")
def upsampling(config, inputs, ctx):
    rank = len(inputs[0])
    size = tup(config["size"], rank - 2)
    mode = config.get("interpolation", "nearest")
    if mode not in ("nearest", "bilinear", "bicubic") or mode != "nearest" and rank != 4:
        raise Unsupported(f"UpSampling interpolation={mode!r} is not translated")
    args = {"scale_factor": one(tuple(float(s) for s in size)), "mode": mode}
    if mode == "bicubic":
        ctx.report("bicubic: TensorFlow's kernel (a=-0.5) differs from PyTorch's (a=-0.75)")
    return [Step("upsample", args, module="", perm=channels_perm(config, rank))]


@reader("keras.layers.Resizing")
def resizing(config, inputs, ctx):
    """TensorFlow's resize (half-pixel centres, no antialiasing): F.interpolate's align_corners=False,
    "nearest-exact" for nearest."""
    if config.get("crop_to_aspect_ratio") or config.get("pad_to_aspect_ratio"):
        raise Unsupported("Resizing(crop_to_aspect_ratio / pad_to_aspect_ratio) is not translated")
    mode = {"bilinear": "bilinear", "nearest": "nearest-exact", "bicubic": "bicubic"}.get(config["interpolation"])
    if mode is None:
        raise Unsupported(f"Resizing(interpolation={config['interpolation']!r})")
    if mode == "bicubic":
        ctx.report("bicubic: TensorFlow's kernel (a=-0.5) differs from PyTorch's (a=-0.75)")
    rank = len(inputs[0])
    args = {"size": (int(config["height"]), int(config["width"])), "mode": mode}
    return [Step("upsample", args, module="", perm=channels_perm(config, rank))]


@reader("keras.layers.CenterCrop")
def center_crop(config, inputs, ctx):
    rank = len(inputs[0])
    h, w = spatial(config, inputs[0])
    th, tw = int(config["height"]), int(config["width"])
    if h is None or w is None or h < th or w < tw:
        raise Unsupported("CenterCrop of an input of unknown or smaller size is not translated")
    top, left = (h - th) // 2, (w - tw) // 2
    return [Step("", expr=f"_0[:, :, {top}:{top + th}, {left}:{left + tw}]", perm=channels_perm(config, rank))]
