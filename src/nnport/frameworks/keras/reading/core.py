"""Keras core layers -> pivot ops: Dense, Embedding, dropout and noise, reshaping, merging."""
from __future__ import annotations

import numpy as np

from nnport.frameworks.keras.reading.activations import activation_steps
from nnport.frameworks.keras.reading.registry import (Code, Step, channels_perm, identity, lazy, need, reader,
                                                      report_extras)
from nnport.frameworks.spec import Unsupported

X = Code("_0")
DENSE_DEFAULTS = {"kernel_initializer": "GlorotUniform()", "bias_initializer": "Zeros()"}


@reader("keras.layers.Dense")
def dense(config, inputs, ctx):
    report_extras(config, ctx, DENSE_DEFAULTS)
    if config.get("lora_rank"):
        raise Unsupported("Dense with LoRA (lora_rank) is not translated")
    shape = inputs[0]
    rank = len(shape)
    linear = Step("linear", {"in_features": lazy(shape[-1], "in_features", ctx), "out_features": config["units"],
                             "bias": bool(config.get("use_bias", True))}, module="",
                  perm=None if rank <= 2 else identity(rank))
    return [linear, *activation_steps(config.get("activation"))]


@reader("keras.layers.Embedding")
def embedding(config, inputs, ctx):
    report_extras(config, ctx, {"embeddings_initializer": "RandomUniform(minval=-0.05, maxval=0.05)"})
    if config.get("lora_rank"):
        raise Unsupported("Embedding with LoRA (lora_rank) is not translated")
    return [Step("embedding", {"num_embeddings": config["input_dim"], "embedding_dim": config["output_dim"]},
                 module="")]


# ---- dropout and noise: modules, so that model.train()/eval() switches them --------------------

@reader("keras.layers.Dropout")
def dropout(config, inputs, ctx):
    if config.get("noise_shape") is not None:
        raise Unsupported(f"Dropout(noise_shape={config['noise_shape']}) is not translated")
    return [Step("dropout", {"p": float(config["rate"])}, module="")]


@reader("keras.layers.SpatialDropout1D", "keras.layers.SpatialDropout2D", "keras.layers.SpatialDropout3D")
def spatial_dropout(config, inputs, ctx):
    rank = len(inputs[0])
    return [Step("dropout_channel", {"p": float(config["rate"]), "ndim": rank - 2}, module="",
                 perm=channels_perm(config, rank))]


@reader("keras.layers.AlphaDropout", "keras._legacy.layers.AlphaDropout")
def alpha_dropout(config, inputs, ctx):
    if config.get("noise_shape") is not None:
        raise Unsupported(f"AlphaDropout(noise_shape={config['noise_shape']}) is not translated")
    return [Step("alpha_dropout", {"p": float(config["rate"])}, module="")]


@reader("keras.layers.GaussianNoise")
def gaussian_noise(config, inputs, ctx):
    std = float(config["stddev"])
    return [Step("", expr=f"_0 + {std!r} * torch.randn_like(_0) if self.training else _0")]


@reader("keras.layers.GaussianDropout")
def gaussian_dropout(config, inputs, ctx):
    rate = float(config["rate"])
    std = (rate / (1.0 - rate)) ** 0.5
    return [Step("", expr=f"_0 * (1.0 + {std!r} * torch.randn_like(_0)) if self.training else _0")]


# ---- shapes ---------------------------------------------------------------------------------

@reader("keras.layers.Flatten")
def flatten(config, inputs, ctx):
    rank = len(inputs[0])
    if rank <= 2:
        return [Step("", expr="_0")]
    # Keras flattens channels-first data in channels-last order
    perm = (0, *range(2, rank), 1) if config.get("data_format") == "channels_first" else identity(rank)
    return [Step("flatten", {"input": X, "start_dim": 1}, perm=perm, out_perm=None)]


@reader("keras.layers.Reshape")
def reshape(config, inputs, ctx):
    target = tuple(config["target_shape"])
    rank = len(inputs[0])
    shape = Code(f"(_0.shape[0], {', '.join(map(str, target))}{',' if len(target) == 1 else ''})") \
        if -1 in target else (-1, *target)
    return [Step("reshape", {"input": X, "shape": shape}, perm=identity(rank), out_perm=None)]


@reader("keras.layers.Permute")
def permute(config, inputs, ctx):
    """Only a change of axis order: no code, the tensor's recorded layout changes (permutes are
    written where a later op needs some order)."""
    full = (0, *config["dims"])
    return [Step("", expr="_0", out_perm=lambda p: tuple(full.index(a) for a in (p or identity(len(full)))))]


@reader("keras.layers.RepeatVector")
def repeat_vector(config, inputs, ctx):
    return [Step("", expr=f"_0.unsqueeze(1).repeat(1, {int(config['n'])}, 1)", out_perm=None)]


@reader("keras.layers.Rescaling")
def rescaling(config, inputs, ctx):
    """x * scale + offset; a per-channel scale or offset (a list) broadcasts along the last axis,
    as Keras' does, written as a tensor literal."""
    scale, offset = config.get("scale", 1.0), config.get("offset", 0.0)
    body = f"_0 * {_scalar_or_tensor(scale)}" + (f" + {_scalar_or_tensor(offset)}" if _nonzero(offset) else "")
    return [Step("", expr=body, perm=None if _is_scalar(scale) and _is_scalar(offset) else identity(len(inputs[0])))]


def _is_scalar(v) -> bool:
    return isinstance(v, (int, float))


def _nonzero(v) -> bool:
    return bool(v) if _is_scalar(v) else True


def _scalar_or_tensor(v) -> str:
    if _is_scalar(v):
        return repr(float(v))
    values = np.asarray(v, dtype="float32")
    return f"torch.tensor({values.tolist()!r})"


@reader("keras.layers.Identity")
def identity_layer(config, inputs, ctx):
    return [Step("", expr="_0")]


@reader("keras.layers.Lambda")
def lambda_layer(config, inputs, ctx):
    raise Unsupported("Lambda layer: its Python function is not translated in the graph route "
                      "(write it as a layer subclass, or translate the function by hand)")


# ---- merging: all inputs in one axis order (the first one's) ------------------------------------

def _names(n: int) -> list[str]:
    return [f"_{i}" for i in range(n)]


@reader("keras.layers.Add")
def add(config, inputs, ctx):
    xs = _names(len(inputs))
    return [Step("add", {"input": Code(" + ".join(xs[:-1])), "other": Code(xs[-1])})]


@reader("keras.layers.Subtract")
def subtract(config, inputs, ctx):
    return [Step("sub", {"input": X, "other": Code("_1")})]


@reader("keras.layers.Multiply")
def multiply(config, inputs, ctx):
    xs = _names(len(inputs))
    return [Step("mul", {"input": Code(" * ".join(xs[:-1])), "other": Code(xs[-1])})]


@reader("keras.layers.Average")
def average(config, inputs, ctx):
    xs = _names(len(inputs))
    return [Step("div", {"input": Code(f"({' + '.join(xs)})"), "other": len(xs)})]


@reader("keras.layers.Maximum", "keras.layers.Minimum")
def extremum(config, inputs, ctx):
    op = "maximum" if ctx.api.endswith("Maximum") else "minimum"
    xs = _names(len(inputs))
    inner = "_0"
    for x in xs[1:-1]:
        inner = f"torch.{op}({inner}, {x})"
    return [Step(op, {"input": Code(inner), "other": Code(xs[-1])})]


@reader("keras.layers.Concatenate")
def concatenate(config, inputs, ctx):
    xs = _names(len(inputs))
    return [Step("cat", {"tensors": Code(f"[{', '.join(xs)}]"), "dim": config.get("axis", -1)}, axes=("dim",))]


@reader("keras.layers.Dot")
def dot(config, inputs, ctx):
    """Keras' batch_dot: the product summed over one axis of each input; the output has the first
    input's axes (less the summed one), then the second's (less its batch and summed axes); two
    rank-2 inputs give (batch, 1). normalize=True: L2-normalised along those axes first (cosine)."""
    rx, ry = len(inputs[0]), len(inputs[1])
    axes = config["axes"]
    ax, ay = (axes, axes) if isinstance(axes, int) else axes
    ax, ay = ax % rx, ay % ry
    a, b = (f"F.normalize(_0, dim={ax})", f"F.normalize(_1, dim={ay})") if config.get("normalize") else ("_0", "_1")
    if rx == 2 and ry == 2:
        return [Step("sum", {"input": Code(f"({a} * {b})"), "dim": -1, "keepdim": True}, perm=(0, 1))]
    return [Step("", expr=f"torch.einsum({_batch_dot_equation(rx, ry, ax, ay)!r}, {a}, {b})",
                 perm=identity(rx), out_perm=None)]


def _batch_dot_equation(rx: int, ry: int, ax: int, ay: int) -> str:
    """The einsum equation of batch_dot over axes (ax, ay) of inputs of ranks rx, ry."""
    free = iter("cdefghijklmnopqrstuvwxy")
    xs = ["b"] + [next(free) for _ in range(rx - 1)]
    ys = ["b"] + [next(free) for _ in range(ry - 1)]
    xs[ax] = ys[ay] = "z"
    out = [c for c in xs if c != "z"] + [c for c in ys[1:] if c != "z"]
    return f"{''.join(xs)},{''.join(ys)}->{''.join(out)}"


@reader("keras.layers.Normalization")
def normalization(config, inputs, ctx):
    """(x - mean) / max(sqrt(variance), 1e-7) with Keras' statistics as buffers: given in the config
    (written into the code) or adapted (copied by transfer_weights)."""
    if config.get("invert"):
        raise Unsupported("Normalization(invert=True) is not translated")
    axis = config.get("axis", -1)
    axes = [axis] if isinstance(axis, int) else list(axis)
    rank = len(inputs[0])
    if [a % rank for a in axes] != [rank - 1]:
        raise Unsupported(f"Normalization over axes {axes}: only the last axis is translated")
    size = need(inputs[0][-1], "the feature size", ctx)
    mean, var = config.get("mean"), config.get("variance")
    given = "" if mean is None else f", mean={_floats(mean, size)!r}, variance={_floats(var, size)!r}"
    return [Step("", module="", construct=f"KerasNormalization({size}{given})", perm=identity(rank))]


def _floats(values, size):
    values = list(values) if isinstance(values, (list, tuple)) else [values] * size
    return [float(v) for v in values]


@reader("keras.layers.Masking")
def masking(config, inputs, ctx):
    """x times (any feature of the step differs from mask_value); the mask itself is its own node
    (not_equal, any) for the layers that read it."""
    mv = float(config.get("mask_value", 0.0))
    return [Step("", expr=f"_0 * (_0 != {mv!r}).any(dim=-1, keepdim=True).to(_0.dtype)",
                 perm=identity(len(inputs[0])))]


@reader("keras.layers.EinsumDense")
def einsum_dense(config, inputs, ctx):
    """A KerasEinsumDense helper (helpers.py): torch.einsum(equation, x, kernel) + bias, with Keras'
    kernel and bias shapes (weights copied as they are)."""
    from keras.src.layers.core.einsum_dense import _analyze_einsum_string
    report_extras(config, ctx, DENSE_DEFAULTS)
    if config.get("lora_rank") or config.get("quantization_config"):
        raise Unsupported("EinsumDense with LoRA or quantization is not translated")
    out = config["output_shape"]
    out = [out] if isinstance(out, int) else list(out)
    kernel, bias, *_ = _analyze_einsum_string(config["equation"], config.get("bias_axes"), inputs[0], out)
    args = f"{config['equation']!r}, {tuple(kernel)!r}" + (f", {tuple(bias)!r}" if bias else "")
    return [Step("", module="", construct=f"KerasEinsumDense({args})", perm=identity(len(inputs[0])),
                 out_perm=None), *activation_steps(config.get("activation"))]
