"""Keras normalization layers -> pivot ops. Keras momentum m is PyTorch's 1 - m; epsilons are
spelled out (Keras' are 1e-3, PyTorch's 1e-5). BatchNormalization is a helper subclass of
nn.BatchNorm{n}d (helpers.py): Keras updates the moving variance with the biased batch variance."""
from __future__ import annotations

from nnport.frameworks.keras.reading.registry import Code, Step, cf, identity, lazy, need, reader, report_extras
from nnport.frameworks.spec import Unsupported

X = Code("_0")
NORM_DEFAULTS = {"beta_initializer": "Zeros()", "gamma_initializer": "Ones()",
                 "moving_mean_initializer": "Zeros()", "moving_variance_initializer": "Ones()"}


def one_axis(config, rank: int, ctx) -> int:
    axis = config.get("axis", -1)
    if isinstance(axis, (list, tuple)):
        if len(axis) != 1:
            raise Unsupported(f"{ctx.name}: normalization over several axes {list(axis)}")
        axis = axis[0]
    return axis % rank


def _affine(config, ctx, args: dict, weight: str = "affine") -> None:
    center, scale = config.get("center", True), config.get("scale", True)
    if not center and not scale:
        args[weight] = False
    elif center != scale:
        ctx.report(f"{'scale' if not scale else 'center'}=False: the PyTorch layer has both weight and bias "
                   "(transfer_weights sets the missing one to its neutral value; it trains in PyTorch)", "info")


@reader("keras.layers.BatchNormalization")
def batch_norm(config, inputs, ctx):
    report_extras(config, ctx, NORM_DEFAULTS)
    if config.get("synchronized"):
        ctx.report("synchronized=True: use nn.SyncBatchNorm for multi-device training", "info")
    shape = inputs[0]
    rank = len(shape)
    axis = one_axis(config, rank, ctx)
    n = max(rank - 2, 1)
    args = {"num_features": lazy(shape[axis], "the channels", ctx), "eps": float(config.get("epsilon", 1e-3)),
            "momentum": round(1.0 - float(config.get("momentum", 0.99)), 12), "ndim": n}
    _affine(config, ctx, args)
    return [Step("batch_norm", args, module="", perm=cf(rank, axis) if rank > 2 else None,
                 construct=f"KerasBatchNorm{n}d")]


@reader("keras.layers.LayerNormalization")
def layer_norm(config, inputs, ctx):
    report_extras(config, ctx, NORM_DEFAULTS)
    shape = inputs[0]
    rank = len(shape)
    axes = config.get("axis", -1)
    axes = sorted(a % rank for a in (axes if isinstance(axes, (list, tuple)) else [axes]))
    if axes != list(range(rank - len(axes), rank)):
        raise Unsupported(f"LayerNormalization over axes {axes}: nn.LayerNorm normalizes trailing axes")
    if config.get("rms_scaling"):
        raise Unsupported("LayerNormalization(rms_scaling=True): use RMSNormalization")
    dims = tuple(need(shape[a], "the normalized size", ctx) for a in axes)
    args = {"normalized_shape": dims[0] if len(dims) == 1 else dims, "eps": float(config.get("epsilon", 1e-3))}
    center, scale = config.get("center", True), config.get("scale", True)
    if not scale and not center:
        args["elementwise_affine"] = False
    elif not center:
        args["bias"] = False
    elif not scale:
        ctx.report("scale=False: nn.LayerNorm's weight is set to 1 by transfer_weights (it trains in PyTorch)",
                   "info")
    return [Step("layer_norm", args, module="", perm=identity(rank))]


@reader("keras.layers.GroupNormalization")
def group_norm(config, inputs, ctx):
    report_extras(config, ctx, NORM_DEFAULTS)
    shape = inputs[0]
    rank = len(shape)
    axis = one_axis(config, rank, ctx)
    args = {"num_groups": config["groups"], "num_channels": need(shape[axis], "the channels", ctx),
            "eps": float(config.get("epsilon", 1e-3))}
    _affine(config, ctx, args)
    return [Step("group_norm", args, module="", perm=cf(rank, axis))]


@reader("keras.layers.RMSNormalization")
def rms_norm(config, inputs, ctx):
    shape = inputs[0]
    rank = len(shape)
    axis = one_axis(config, rank, ctx)
    if axis != rank - 1:
        raise Unsupported(f"RMSNormalization over axis {axis}: nn.RMSNorm normalizes the last axes")
    return [Step("rms_norm", {"normalized_shape": need(shape[axis], "the size", ctx),
                              "eps": float(config.get("epsilon", 1e-6))}, module="", perm=identity(rank))]


@reader("keras.layers.UnitNormalization")
def unit_norm(config, inputs, ctx):
    axis = config.get("axis", -1)
    if isinstance(axis, (list, tuple)):
        if len(axis) != 1:
            raise Unsupported(f"UnitNormalization over several axes {list(axis)}")
        axis = axis[0]
    return [Step("normalize", {"input": X, "dim": axis}, axes=("dim",))]
