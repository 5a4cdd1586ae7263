"""Readers: nnx layers constructed in a model's code -> pivot ops (canonical = PyTorch's arguments).

NNX layers name their input sizes (`nnx.Linear(in, out)`), so only ranks come from the recorded run
(BatchNorm1d/2d/3d; a strided 'SAME' convolution's padding needs the input size): prepare.py writes
the recorded input shape into the construction (`_nnport_shape=`). Layers computing channels last
(Conv, ConvTranspose, BatchNorm, GroupNorm) say so in `canon.extra["layout"]`: the call site
(keras/call_sites.py, shared) moves the channels to axis 1 for the PyTorch layer and back after.
Every default that differs between the frameworks is written out (Flax's LayerNorm eps 1e-6,
BatchNorm momentum 0.99 = PyTorch's 0.01).
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.flax.conv import CONV_SIG, CONV_TRANSPOSE_SIG
from nnport.frameworks.flax.layers.basic import LINEAR_SIG
from nnport.frameworks.flax.layers.norm import DROPOUT_SIG, GROUP_NORM_SIG, LAYER_NORM_SIG, RMS_NORM_SIG
from nnport.frameworks.flax.layers.seq import EMBED_SIG
from nnport.frameworks.flax.reading.idioms import unwrap
from nnport.frameworks.flax.reading.registry import drop, float32_only, layer, lit, take
from nnport.frameworks.mxnet.reading.recorded import input_rank, input_shape
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, W

CL = "channels_last"
AFFINE = {"scale": W("weight", "c"), "bias": W("bias", "c")}


def linear(c, ctx):
    float32_only(c)
    return c


def _tuple(v, n):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


def _given(c, name, n):
    """A stride / dilation as a tuple of n, or None when it is not a literal (a constructor argument)."""
    from nnport.frameworks.spec import NOT_LITERAL
    v = c.lit(name)
    return None if v is NOT_LITERAL else _tuple(v, n)


def _same_pads(c, ctx, n, k, s, d):
    """(low, high) per spatial axis of Flax's 'SAME' for a strided convolution, from the input size."""
    shape = input_shape(ctx)
    if shape is None:
        raise Unsupported("Conv(padding='SAME') with strides > 1 needs the input size (no recorded run)")
    pads = []
    for size, kk, ss, dd in zip(shape[1:-1], k, s, d):
        total = max((-(-size // ss) - 1) * ss + (kk - 1) * dd + 1 - size, 0)
        pads.append((total // 2, total - total // 2))
    return pads


def _padding(c, ctx, n, k, s, d):
    """Flax's padding ('SAME', 'VALID', 'CIRCULAR', an int, ints or (low, high) pairs) -> (low, high) pairs,
    or 'same' (PyTorch's own, strides 1) / 'circular'."""
    pad = take(c, "padding", "SAME")
    if isinstance(pad, str):
        p = pad.upper()
        if p == "VALID":
            return [(0, 0)] * n
        if p in ("SAME", "CIRCULAR"):
            if p == "SAME" and set(s) == {1}:
                return "same"
            pads = [(((kk - 1) * dd) // 2, (kk - 1) * dd - ((kk - 1) * dd) // 2) for kk, dd in zip(k, d)] \
                if set(s) == {1} else _same_pads(c, ctx, n, k, s, d)
            if p == "CIRCULAR":
                if any(a != b for a, b in pads):
                    raise Unsupported("padding='CIRCULAR' with an even kernel: PyTorch pads circularly on both sides alike")
                c.set("padding_mode", "'circular'")
            return pads
        raise Unsupported(f"padding={pad!r}")
    if isinstance(pad, int):
        return [(pad, pad)] * n
    pairs = [tuple(p) if isinstance(p, (tuple, list)) else (p, p) for p in pad]
    if len(pairs) != n:
        raise Unsupported(f"padding={pad!r}: one entry per spatial axis")
    return pairs


def conv(c, ctx):
    float32_only(c)
    torch_values = unwrap(c)   # PyTorch's values the Flax writer wrote as expressions (reading/idioms.py)
    if "padding" in torch_values or c.lit("kernel_size") is NOT_LITERAL and "kernel_size" in torch_values:
        return _torch_valued_conv(c, torch_values)
    k = lit(c, "kernel_size")
    n = 1 if isinstance(k, int) else len(k)
    k = _tuple(k, n)
    s, d = _given(c, "stride", n), _given(c, "dilation", n)
    if take(c, "input_dilation", 1) not in (1, (1,) * n, [1] * n, None):
        raise Unsupported("Conv(input_dilation=...): a transposed convolution; use nnx.ConvTranspose")
    if c.get("mask") is not None and c.lit("mask") is not None:
        raise Unsupported("Conv(mask=...): a masked kernel is not translated")
    drop(c, "mask")
    if s is None or d is None:   # a stride or dilation from a variable: PyTorch takes it as it is
        if c.lit("padding") in ("SAME", None) and c.get("padding") is not None:
            c.extra["same_pad"] = True   # computed at the call site from the layer and the input
            drop(c, "padding")
            pads = [(0, 0)] * n
        else:
            pads = _padding(c, ctx, n, k, s or (2,) * n, d or (1,) * n)
        s = s or (None,) * n
        d = d or (None,) * n
    else:
        pads = _padding(c, ctx, n, k, s, d)
    if pads == "same":
        c.set("padding", "'same'")
    elif all(a == b for a, b in pads):
        if any(a for a, _ in pads):
            c.set("padding", repr(pads[0][0]) if len({a for a, _ in pads}) == 1 else repr(tuple(a for a, _ in pads)))
    else:
        c.extra["pad"] = tuple(x for p in reversed(pads) for x in p)   # F.pad order: last axis first
    c.set("kernel_size", repr(k[0]) if len(set(k)) == 1 else repr(k))
    for name, v in (("stride", s), ("dilation", d)):
        if set(v) == {1}:
            drop(c, name)
        elif None not in v:
            c.set(name, repr(v[0]) if len(set(v)) == 1 else repr(v))
    if c.lit("groups") == 1:
        drop(c, "groups")
    c.set("ndim", str(n))
    c.extra["layout"] = CL
    return c


def _torch_valued_conv(c, torch_values: dict[str, int]):
    """A Conv whose kernel_size is PyTorch's value (a constructor argument): stride, dilation and
    padding PyTorch's values too, or literals that need no kernel size ('VALID', pairs, 'SAME' at
    stride 1)."""
    k = c.lit("kernel_size")
    n = torch_values.get("kernel_size") or (1 if isinstance(k, int) else len(k))
    if k is not NOT_LITERAL:
        k = _tuple(k, n)
        c.set("kernel_size", repr(k[0]) if len(set(k)) == 1 else repr(k))
    for name in ("stride", "dilation"):
        v = c.lit(name)
        if v in (1, (1,) * n, [1] * n):
            drop(c, name)
        elif v is not NOT_LITERAL:
            c.set(name, repr(_tuple(v, n)[0]) if len(set(_tuple(v, n))) == 1 else repr(tuple(v)))
        elif name not in torch_values:
            raise Unsupported(f"Conv({name}=...) with PyTorch's kernel_size expression: a literal or PyTorch's value")
    if "padding" not in torch_values:
        pad = take(c, "padding", "SAME")
        if isinstance(pad, str) and pad.upper() == "SAME" and c.get("stride") is None:
            c.set("padding", "'same'")
        elif isinstance(pad, (list, tuple)) and all(isinstance(p, (list, tuple)) and p[0] == p[1] for p in pad):
            if any(p[0] for p in pad):
                c.set("padding", repr(tuple(p[0] for p in pad)))
        elif not (isinstance(pad, str) and pad.upper() == "VALID"):
            raise Unsupported(f"Conv(padding={pad!r}) with PyTorch's kernel_size expression")
    if c.lit("groups") == 1:
        drop(c, "groups")
    c.set("ndim", str(n))
    c.extra["layout"] = CL
    return c


def conv_transpose(c, ctx):
    """lax.conv_transpose's padding ((k - 1) low and (s - 1) high for 'SAME' with s >= k...) as
    PyTorch's padding and output_padding, and a crop of the end where lax pads less after than before; the kernel is flipped by the weight transfer
    (transpose_kernel=False: Flax correlates with the kernel as stored)."""
    float32_only(c)
    take(c, "transpose_kernel", False)   # True: PyTorch's flipped, in/out-swapped kernel (the weight transfer)
    if c.get("mask") is not None and c.lit("mask") is not None:
        raise Unsupported("ConvTranspose(mask=...): a masked kernel is not translated")
    drop(c, "mask")
    k = lit(c, "kernel_size")
    n = 1 if isinstance(k, int) else len(k)
    k = _tuple(k, n)
    s = _tuple(lit(c, "stride") or 1, n)
    d = _tuple(lit(c, "dilation") or 1, n)
    pad = take(c, "padding", "SAME")
    if set(d) != {1} and isinstance(pad, str):
        raise Unsupported("ConvTranspose(kernel_dilation=...) with padding 'SAME' / 'VALID' is not translated")
    pads = []
    for i, (kk, ss) in enumerate(zip(k, s)):
        if isinstance(pad, (list, tuple)) and len(pad) == n and all(len(x) == 2 for x in pad):
            a, total = pad[i][0], pad[i][0] + pad[i][1]   # (low, high) of the dilated input: the writer's
        elif pad == "SAME":
            total = kk + ss - 2
            a = kk - 1 if ss > kk - 1 else -(-total // 2)
        elif pad == "VALID":
            total, a = kk + ss - 2 + max(kk - ss, 0), kk - 1
        else:
            raise Unsupported(f"ConvTranspose(padding={pad!r}): 'SAME', 'VALID' or (low, high) pairs")
        pads.append((a, total - a))
    p = [dd * (kk - 1) - a for kk, dd, (a, _) in zip(k, d, pads)]
    op = [max(b - a, 0) for a, b in pads]
    crop = [max(a - b, 0) for a, b in pads]   # lax pads less after than before: PyTorch's output cropped
    if any(x < 0 for x in p) or any(not 0 <= o < ss for o, ss in zip(op, s)):
        raise Unsupported(f"ConvTranspose(padding={pad!r}) with this kernel and stride has no PyTorch padding")
    if any(crop):   # a negative padding (F.pad) crops the end, channels first, last axis first
        c.extra["post"] = [("pad", {"pad": repr(tuple(x for n_ in reversed(crop) for x in (0, -n_)))})]
    c.set("kernel_size", repr(k[0]) if len(set(k)) == 1 else repr(k))
    for name, v, neutral in (("stride", s, 1), ("padding", p, 0), ("output_padding", op, 0), ("dilation", d, 1)):
        if set(v) == {neutral}:
            drop(c, name)
        else:
            c.set(name, repr(v[0]) if len(set(v)) == 1 else repr(tuple(v)))
    c.set("ndim", str(n))
    c.extra["layout"] = CL
    return c


def flags(c, ctx, name: str) -> None:
    """A constructor's deterministic= / use_running_average=: model.train()/eval() set it (PyTorch's
    modules follow the training flag); a True given here holds only until then."""
    v = take(c, name, False)
    if v not in (False, None):
        ctx.note(f"{c.extra['api'].rsplit('.', 1)[1]}({name}={v!r}): the PyTorch module follows "
                 "model.train() / model.eval(), as nnx does once either is called", c.extra["api"], "info")


def batch_norm(c, ctx):
    float32_only(c)
    flags(c, ctx, "use_running_average")
    rank = input_rank(ctx)
    axis = take(c, "axis", -1)
    if axis not in (-1, None) and (rank is None or axis != rank - 1):
        raise Unsupported(f"BatchNorm(axis={axis!r}): only the last (feature) axis")
    if not (take(c, "use_bias", True) and take(c, "use_scale", True)):
        raise Unsupported("BatchNorm(use_bias=False or use_scale=False): PyTorch's affine has both")
    c.set("momentum", repr(round(1 - lit(c, "momentum"), 10)))   # Flax's decay is PyTorch's 1 - momentum
    _eps(c)
    if rank is None:
        raise Unsupported("BatchNorm: the input rank is unknown (no recorded run): BatchNorm1d/2d/3d?")
    c.set("ndim", str(max(rank - 2, 1)))
    if rank > 2:   # (N, C) is already channels first
        c.extra["layout"] = CL
    return c


def _eps(c) -> None:
    """eps written out where a literal (the frameworks' defaults differ); an expression (a constructor
    argument) kept as given."""
    if c.lit("eps") is not NOT_LITERAL:
        c.set("eps", repr(c.lit("eps")))


def _last_axis(c, *names):
    for name in names:
        if take(c, name, -1) not in (-1, (-1,), [-1]):
            raise Unsupported(f"{c.extra['api'].rsplit('.', 1)[1]}({name}=...): only the last axis")


def layer_norm(c, ctx):
    float32_only(c)
    _last_axis(c, "reduction_axes", "feature_axes")
    if c.lit("use_bias") is NOT_LITERAL and c.lit("use_scale") is True:   # PyTorch's LayerNorm(d, bias=bias)
        c.set("bias", c.args.pop("use_bias"))
        drop(c, "use_scale")
        _eps(c)
        return c
    bias, scale = take(c, "use_bias", True), take(c, "use_scale", True)
    if not scale and bias:
        raise Unsupported("LayerNorm(use_scale=False, use_bias=True): PyTorch's LayerNorm has no bias without weight")
    if not scale:
        c.set("elementwise_affine", "False")
    elif not bias:
        c.set("bias", "False")
    _eps(c)   # Flax's 1e-6, not PyTorch's 1e-5
    return c


def rms_norm(c, ctx):
    float32_only(c)
    _last_axis(c, "reduction_axes", "feature_axes")
    if not take(c, "use_scale", True):
        c.set("elementwise_affine", "False")
    _eps(c)
    return c


def group_norm(c, ctx):
    float32_only(c)
    if take(c, "reduction_axes") is not None:
        raise Unsupported("GroupNorm(reduction_axes=...) is not translated")
    groups = c.args.pop("num_groups") if c.lit("num_groups") is NOT_LITERAL else take(c, "num_groups", 32)
    size = take(c, "group_size")
    if size is not None:
        channels = lit(c, "num_channels")
        groups = channels // size
    if groups is None:
        raise Unsupported("GroupNorm: num_groups (or group_size with a literal num_features) must be given")
    c.set("num_groups", groups if isinstance(groups, cst.BaseExpression) else repr(groups))
    bias, scale = take(c, "use_bias", True), take(c, "use_scale", True)
    if bias != scale:
        raise Unsupported("GroupNorm(use_bias != use_scale): PyTorch's affine has both or neither")
    if not bias:
        c.set("affine", "False")
    _eps(c)
    c.extra["layout"] = CL
    return c


def dropout(c, ctx):
    flags(c, ctx, "deterministic")
    if take(c, "broadcast_dims", ()) not in ((), []):
        raise Unsupported("Dropout(broadcast_dims=...): a mask shared along axes is not translated")
    return c


def embedding(c, ctx):
    float32_only(c)
    return c


layer("Linear", "linear", LINEAR_SIG, rename={"use_bias": "bias"}, read=linear,
      weights={"kernel": W("weight", "in,out"), "bias": W("bias", "out")})
layer("Conv", "conv", CONV_SIG, rename={"in_features": "in_channels", "out_features": "out_channels",
                                        "strides": "stride", "kernel_dilation": "dilation",
                                        "feature_group_count": "groups", "use_bias": "bias"},
      read=conv, weights={"kernel": W("weight", "*s,in,out"), "bias": W("bias", "out")})
layer("ConvTranspose", "conv_transpose", CONV_TRANSPOSE_SIG,
      rename={"in_features": "in_channels", "out_features": "out_channels", "strides": "stride",
              "kernel_dilation": "dilation", "use_bias": "bias"},
      read=conv_transpose, weights={"kernel": W("weight", "*s,in,out"), "bias": W("bias", "out")},
      notes="the kernel is flipped along its spatial axes by the weight transfer (source_transfer.py)")
layer("BatchNorm", "batch_norm",
      "num_features, *, use_running_average=False, axis=-1, momentum=0.99, epsilon=1e-05, dtype=None, "
      "param_dtype=None, use_bias=True, use_scale=True, bias_init=None, scale_init=None, axis_name=None, "
      "axis_index_groups=None, use_fast_variance=True, promote_dtype=None, rngs, bias_metadata=None, "
      "scale_metadata=None", rename={"epsilon": "eps"}, read=batch_norm,
      weights={**AFFINE, "mean": W("running_mean", "c"), "var": W("running_var", "c")})
layer("LayerNorm", "layer_norm", LAYER_NORM_SIG, rename={"num_features": "normalized_shape", "epsilon": "eps"},
      read=layer_norm, weights={"scale": W("weight", "*s"), "bias": W("bias", "*s")})
layer("RMSNorm", "rms_norm", RMS_NORM_SIG, rename={"num_features": "normalized_shape", "epsilon": "eps"},
      read=rms_norm, weights={"scale": W("weight", "*s")})
layer("GroupNorm", "group_norm", GROUP_NORM_SIG, rename={"num_features": "num_channels", "epsilon": "eps"},
      read=group_norm, weights=AFFINE)
layer("Dropout", "dropout", DROPOUT_SIG, rename={"rate": "p"}, read=dropout)
layer("Embed", "embedding", EMBED_SIG, rename={"features": "embedding_dim"}, read=embedding,
      weights={"embedding": W("weight", "num,dim")})
