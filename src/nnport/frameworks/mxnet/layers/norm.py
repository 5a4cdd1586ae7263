"""Pivot ops -> Gluon normalization and dropout. BatchNorm is support/norm.py's BatchNorm (an
nn.BatchNorm recording PyTorch's unbiased running variance), momentum = 1 - PyTorch's; PyTorch's eps
(1e-5) is Gluon's default too. nn.InstanceNorm and nn.LayerNorm (one axis) as they are; GroupNorm,
LayerNorm over several axes, RMSNorm, LocalResponseNorm and AlphaDropout through support/norm.py.
Everything normalizes channels on axis 1, as PyTorch does."""
from __future__ import annotations

from nnport.frameworks.keras.layers.norm import use_bias  # PyTorch's bias= and affine (shared)
from nnport.frameworks.mxnet.layers._registry import layer
from nnport.frameworks.spec import Unsupported, W, code
from nnport.frameworks.norm_functions import biased_statistics, complement_momentum
from nnport.translate.emit import call

BN_SIG = ("self, axis=1, momentum=0.9, epsilon=1e-05, center=True, scale=True, use_global_stats=False, "
          "beta_initializer='zeros', gamma_initializer='ones', running_mean_initializer='zeros', "
          "running_variance_initializer='ones', in_channels=0, **kwargs")
IN_SIG = ("self, axis=1, epsilon=1e-05, center=True, scale=False, beta_initializer='zeros', "
          "gamma_initializer='ones', in_channels=0, **kwargs")
LN_SIG = ("self, axis=-1, epsilon=1e-05, center=True, scale=True, beta_initializer='zeros', "
          "gamma_initializer='ones', in_channels=0, prefix=None, params=None")
DROPOUT_SIG = "self, rate, axes=(), **kwargs"
STATS_SIG = "self, num_features, eps=1e-5, center=True, scale=True, **kwargs"
GN_SIG = "self, num_groups, num_channels, eps=1e-5, center=True, scale=True, **kwargs"
HELPER_LN_SIG = "self, normalized_shape, eps=1e-5, center=True, scale=True, **kwargs"
RMS_SIG = "self, normalized_shape, eps=None, scale=True, **kwargs"
LRN_SIG = "self, size, alpha=1e-4, beta=0.75, k=1.0, **kwargs"
ALPHA_SIG = "self, rate, per_channel=False, **kwargs"
_AFFINE = {"gamma": W("weight", "c"), "beta": W("bias", "c")}
_STATS = {**_AFFINE, "running_mean": W("running_mean", "c"), "running_var": W("running_var", "c")}
_TRAILING = {"gamma": W("weight", "*s"), "beta": W("bias", "*s")}
_IDENTITY = {"gamma": 1.0, "beta": 0.0}


def affine_transfer(weights: dict[str, W]):
    """Copy the source's arrays into the target's shapes; a Gluon scale or shift the source lacks
    (affine=False, bias=False: Gluon keeps it, fixed) is written as the identity (ones, zeros)."""
    def transfer(canon, dmod, rt) -> dict[str, str]:
        import numpy as np
        from nnport.errors import WeightTransferError
        written = {}
        for dname, w in weights.items():
            have = rt.get_array(dmod, dname)
            if have is None:
                if w.name in canon:
                    raise WeightTransferError(f"{canon[w.name][2]}: no {dname!r} in the target {type(dmod).__name__}")
                continue
            if w.name in canon:
                value, _, src = canon[w.name]
                rt.set_array(dmod, dname, np.array(value, copy=True).reshape(have.shape))
                written[dname] = src
            elif dname in _IDENTITY and dmod._reg_params[dname].grad_req == "null":
                rt.set_array(dmod, dname, np.full(have.shape, _IDENTITY[dname], dtype=have.dtype))
                written[dname] = f"(no {w.name}: identity)"
            else:
                raise WeightTransferError(f"{dname}: no source weight {w.name!r}")
        return written
    return transfer


gluon_momentum = complement_momentum("Gluon")


def _batch_norm(c, ctx):
    from nnport.frameworks.mxnet.support import helper
    if biased_statistics(c):   # Gluon's own statistics: its own layer
        return call("nn.BatchNorm", momentum=gluon_momentum, epsilon="{eps}", center=use_bias("affine"),
                    scale="{affine}", in_channels="{num_features}", sig=BN_SIG)(c, ctx)
    track = c.lit("track_running_stats")
    if track is False:
        return call(helper(ctx, "norm", "BatchStatsNorm"), "{num_features}", eps="{eps}",
                    center=use_bias("affine"), scale="{affine}", sig=STATS_SIG)(c, ctx)
    if track is not True:
        raise Unsupported(f"track_running_stats={code(c.get('track_running_stats'))}: True or False")
    return call(helper(ctx, "norm", "BatchNorm"), momentum=gluon_momentum, epsilon="{eps}",
                center=use_bias("affine"), scale="{affine}", in_channels="{num_features}", sig=BN_SIG)(c, ctx)


def _instance_norm(c, ctx):
    track = c.lit("track_running_stats")
    if track is True:   # Gluon's nn.InstanceNorm keeps no running statistics: support/norm.py's
        from nnport.frameworks.mxnet.support import helper
        return call(helper(ctx, "norm", "TrackedInstanceNorm"), momentum=gluon_momentum, epsilon="{eps}",
                    center=use_bias("affine"), scale="{affine}", in_channels="{num_features}", sig=BN_SIG)(c, ctx)
    if track is not False:
        raise Unsupported(f"track_running_stats={code(c.get('track_running_stats'))}: True or False")
    if c.lit("affine") is False:   # Gluon's InstanceNorm would hold a fixed scale and shift: no weights
        from nnport.frameworks.mxnet.support import helper
        return call(helper(ctx, "norm", "GroupNorm", "_affine"), "{num_features}", "{num_features}", eps="{eps}",
                    center="False", scale="False", sig=GN_SIG)(c, ctx)
    return call("nn.InstanceNorm", epsilon="{eps}", center=use_bias("affine"), scale="{affine}",
                in_channels="{num_features}", sig=IN_SIG)(c, ctx)


GLUON_GN_SIG = ("self, num_groups=1, epsilon=1e-05, center=True, scale=True, beta_initializer='zeros', "
                "gamma_initializer='ones', prefix=None, params=None")


def _group_norm(c, ctx):
    from nnport.frameworks.mxnet.support import helper
    if c.extra.get("per_group"):   # Gluon's own: one scale and shift per group
        return call("nn.GroupNorm", num_groups="{num_groups}", epsilon="{eps}", center=use_bias("affine"),
                    scale="{affine}", sig=GLUON_GN_SIG)(c, ctx)
    return call(helper(ctx, "norm", "GroupNorm", "_affine"), "{num_groups}", "{num_channels}", eps="{eps}",
                center=use_bias("affine"), scale="{affine}", sig=GN_SIG)(c, ctx)


def _one_axis(c):
    """normalized_shape of one axis: its size (an int, or a literal one-element list); else None."""
    v = c.lit("normalized_shape")
    if isinstance(v, int):
        return c.get("normalized_shape")
    if isinstance(v, (list, tuple)) and len(v) == 1:
        return repr(v[0])
    return None


def _layer_norm(c, ctx):
    from nnport.frameworks.mxnet.support import helper
    size = _one_axis(c)
    if size is None or c.lit("elementwise_affine") is False:   # (Gluon's would hold a fixed scale and shift)
        return call(helper(ctx, "norm", "LayerNorm"), "{normalized_shape}", eps="{eps}",
                    center=use_bias("elementwise_affine"), scale="{elementwise_affine}", sig=HELPER_LN_SIG)(c, ctx)
    return call("nn.LayerNorm", epsilon="{eps}", center=use_bias("elementwise_affine"),
                scale="{elementwise_affine}", in_channels=lambda c, ctx: size, sig=LN_SIG)(c, ctx)


def _rms_norm(c, ctx):
    from nnport.frameworks.mxnet.support import helper
    return call(helper(ctx, "norm", "RMSNormalization"), "{normalized_shape}", eps="{eps}", scale="{elementwise_affine}",
                sig=RMS_SIG)(c, ctx)


def _lrn(c, ctx):
    from nnport.frameworks.mxnet.support import helper
    return call(helper(ctx, "norm", "LocalResponseNorm"), "{size}", alpha="{alpha}", beta="{beta}", k="{k}",
                sig=LRN_SIG)(c, ctx)


def _dropout_channel(c, ctx):
    """DropoutNd: one mask value per (sample, channel), shared over the N spatial axes."""
    n = int(c.lit("ndim"))
    return call("nn.Dropout", "{p}", axes=repr(tuple(range(2, 2 + n))), sig=DROPOUT_SIG)(c, ctx)


def _alpha_dropout(per_channel: str):
    def emit(c, ctx):
        from nnport.frameworks.mxnet.support import helper
        return call(helper(ctx, "norm", "AlphaDropout", "training_mode"), "{p}", per_channel=per_channel,
                    sig=ALPHA_SIG)(c, ctx)
    return emit


layer("BatchNorm", "batch_norm", BN_SIG, _batch_norm, weights=_STATS, transfer=affine_transfer(_STATS))   # support
layer("mxnet.gluon.nn.BatchNorm", "batch_norm", BN_SIG, None, weights=_STATS, transfer=affine_transfer(_STATS))
layer("TrackedInstanceNorm", "instance_norm", BN_SIG, None, weights=_STATS, transfer=affine_transfer(_STATS))
layer("BatchStatsNorm", "batch_norm", STATS_SIG, None, weights=_AFFINE)
layer("mxnet.gluon.nn.InstanceNorm", "instance_norm", IN_SIG, _instance_norm, weights=_AFFINE,
      transfer=affine_transfer(_AFFINE))
layer("GroupNorm", "group_norm", GN_SIG, _group_norm, weights=_AFFINE)
layer("mxnet.gluon.nn.LayerNorm", "layer_norm", LN_SIG, _layer_norm, weights=_TRAILING,
      transfer=affine_transfer(_TRAILING))
layer("LayerNorm", "layer_norm", HELPER_LN_SIG, None, weights=_TRAILING, transfer=affine_transfer(_TRAILING))
layer("RMSNormalization", "rms_norm", RMS_SIG, _rms_norm, weights={"gamma": W("weight", "*s")})
layer("LocalResponseNorm", "local_response_norm", LRN_SIG, _lrn)
layer("mxnet.gluon.nn.Dropout", "dropout", DROPOUT_SIG, call("nn.Dropout", "{p}", sig=DROPOUT_SIG))
layer("channel_dropout", "dropout_channel", DROPOUT_SIG, _dropout_channel)   # nn.Dropout(p, axes=...) (label)
layer("AlphaDropout", "alpha_dropout", ALPHA_SIG, _alpha_dropout("False"))
layer("feature_alpha_dropout", "feature_alpha_dropout", None, _alpha_dropout("True"))   # (label)
