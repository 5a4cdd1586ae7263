"""keras layers: normalization and dropout. PyTorch's eps defaults (1e-5; Keras's are 1e-3) are always
written out; momentum is Keras's (1 - PyTorch's). BatchNorm is a helper subclass of
layers.BatchNormalization (support/norm.py): PyTorch updates the running variance with the unbiased
batch variance. Everything computes channels-first (axis=1)."""
from __future__ import annotations

import math

from nnport.frameworks.keras.layers._registry import CF, layer, pass_training
from nnport.frameworks.keras.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, W, code
from nnport.frameworks.norm_functions import biased_statistics, complement_momentum, per_channel
from nnport.translate.emit import call

_NORM_TAIL = (" center=True, scale=True, beta_initializer='zeros', gamma_initializer='ones',"
              " beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,"
              " **kwargs")
LAYER_NORM_SIG = "self, axis=-1, epsilon=0.001," + _NORM_TAIL
GROUP_NORM_SIG = "self, groups=32, axis=-1, epsilon=0.001," + _NORM_TAIL
RMS_NORM_SIG = "self, axis=-1, epsilon=1e-06, **kwargs"
BATCH_NORMALIZATION_SIG = ("self, axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True,"
                           " beta_initializer='zeros', gamma_initializer='ones', moving_mean_initializer='zeros',"
                           " moving_variance_initializer='ones', beta_regularizer=None, gamma_regularizer=None,"
                           " beta_constraint=None, gamma_constraint=None, renorm=False, renorm_clipping=None,"
                           " renorm_momentum=0.99, synchronized=False, **kwargs")
BN_SIG = "self, axis=1, momentum=0.9, epsilon=1e-5, center=True, scale=True, track_running_stats=True, **kwargs"
IN_STATS_SIG = "self, num_features, axis=1, momentum=0.9, epsilon=1e-5, scale=False, center=False, **kwargs"
DROPOUT_SIG = "self, rate, noise_shape=None, seed=None, **kwargs"
SPATIAL_DROPOUT_SIG = "self, rate, data_format=None, seed=None, name=None, dtype=None"
ALPHA_DROPOUT_SIG = "self, rate, channel_axis=None, **kwargs"
_AFFINE = {"gamma": W("weight", "c"), "beta": W("bias", "c")}
_STATS = {**_AFFINE, "moving_mean": W("running_mean", "c"), "moving_variance": W("running_var", "c")}


def use_bias(affine: str):
    """PyTorch's `bias=` (keyword-only, newer releases) only matters when `affine` is on."""
    def value(c, ctx):
        if not c.given("bias") or c.lit("bias") is True:
            return c.get(affine)
        if c.lit(affine) is True:
            return c.get("bias")
        return f"({code(c.get(affine))}) and ({code(c.get('bias'))})"
    return value


keras_momentum = complement_momentum("Keras")


def _batch_norm(c, ctx):
    if biased_statistics(c):   # Keras' own statistics: its own layer
        return call("layers.BatchNormalization", axis="1", momentum=keras_momentum, epsilon="{eps}",
                    center=use_bias("affine"), scale="{affine}", sig=BATCH_NORMALIZATION_SIG)(c, ctx)
    return call(helper(ctx, "norm", "BatchNorm"), axis="1", momentum=keras_momentum, epsilon="{eps}",
                center=use_bias("affine"), scale="{affine}", track_running_stats="{track_running_stats}",
                sig=BN_SIG)(c, ctx)


def _instance_norm(c, ctx):
    if c.lit("track_running_stats") is not False:
        if c.lit("track_running_stats") is not True:
            raise Unsupported(f"track_running_stats={code(c.get('track_running_stats'))}: True or False")
        return call(helper(ctx, "norm", "InstanceNorm", "affine"), "{num_features}", momentum=keras_momentum,
                    epsilon="{eps}", scale="{affine}", center=use_bias("affine"), sig=IN_STATS_SIG)(c, ctx)
    # instance norm = group norm with one channel per group
    return call("layers.GroupNormalization", groups="{num_features}", axis="1", epsilon="{eps}",
                center=use_bias("affine"), scale="{affine}", sig=GROUP_NORM_SIG)(c, ctx)


def _group_norm(c, ctx):
    per_channel(c, "Keras")
    return call("layers.GroupNormalization", groups="{num_groups}", axis="1", epsilon="{eps}",
                center=use_bias("affine"), scale="{affine}", sig=GROUP_NORM_SIG)(c, ctx)


def _axes(c) -> str:
    """normalized_shape -> the trailing axes (-1 for an int or one size: d_model style variables too)."""
    v = c.lit("normalized_shape")
    if v is NOT_LITERAL or isinstance(v, int) or len(v) == 1:
        return "-1"
    return repr(tuple(range(-len(v), 0)))


def _layer_norm(c, ctx):
    return call("layers.LayerNormalization", axis=_axes(c), epsilon="{eps}", center=use_bias("elementwise_affine"),
                scale="{elementwise_affine}", sig=LAYER_NORM_SIG)(c, ctx)


def _rms_norm(c, ctx):
    affine = c.lit("elementwise_affine")
    if affine is False:   # layers.RMSNormalization always scales: support/norm.py's function, no weight
        fn = helper(ctx, "norm", "rms_norm", "affine")
        eps = "" if c.lit("eps") is None else f", eps={code(c.get('eps'))}"
        return f"layers.Lambda(lambda x: {fn}(x, {code(c.get('normalized_shape'))}{eps}))"
    if affine is not True:
        raise Unsupported(f"RMSNorm(elementwise_affine={code(c.get('elementwise_affine'))}): True or False")
    eps = "1.1920928955078125e-07" if c.lit("eps") is None else "{eps}"   # PyTorch: finfo(float32).eps
    return call("layers.RMSNormalization", axis=_axes(c), epsilon=eps, sig=RMS_NORM_SIG)(c, ctx)


def reshape_transfer(canon, dmod, rt, names=(("gamma", "weight"), ("beta", "bias"))) -> dict[str, str]:
    """Weights written reshaped to the target's shape (norms over several trailing axes)."""
    import numpy as np
    from nnport.errors import WeightTransferError
    written = {}
    for dname, w in names:
        have = rt.get_array(dmod, dname)
        if have is None:
            if w in canon:
                raise WeightTransferError(f"{canon[w][2]}: no {dname!r} in the target {type(dmod).__name__}")
            continue
        if w not in canon:
            raise WeightTransferError(f"{dname}: no source weight {w!r}")
        value, _, src = canon[w]
        rt.set_array(dmod, dname, np.array(value, copy=True).reshape(have.shape))
        written[dname] = src
    return written


def _lrn(c, ctx):
    fn = helper(ctx, "norm", "local_response_norm")
    kw = [f"size={code(c.get('size'))}"]
    for name, default in (("alpha", 1e-4), ("beta", 0.75), ("k", 1.0)):
        if c.lit(name) != default:
            kw.append(f"{name}={code(c.get(name))}")
    return f"layers.Lambda(lambda x: {fn}(x, {', '.join(kw)}))"


def _dropout_channel(c, ctx):
    """DropoutNd: SpatialDropout{2,3}D channels-first; 1D as Dropout with one mask value per (sample,
    channel) (SpatialDropout1D is channels-last only)."""
    n = c.lit("ndim")
    if n == 1:
        return call("layers.Dropout", "{p}", noise_shape="(None, None, 1)", sig=DROPOUT_SIG)(c, ctx)
    if n not in (2, 3):
        raise Unsupported("channel dropout of unknown rank")
    return call(f"layers.SpatialDropout{n}D", "{p}", data_format=CF, sig=SPATIAL_DROPOUT_SIG)(c, ctx)


layer("BatchNorm", "batch_norm", BN_SIG, _batch_norm, call=pass_training, weights=_STATS)
layer("keras.layers.BatchNormalization", "batch_norm", BATCH_NORMALIZATION_SIG, None, weights=_STATS)   # biased_var
layer("keras.layers.GroupNormalization", "instance_norm", GROUP_NORM_SIG, _instance_norm, weights=_AFFINE)
layer("InstanceNorm", "instance_norm", IN_STATS_SIG, None, call=pass_training, weights=_STATS)
layer("group_norm_layer", "group_norm", GROUP_NORM_SIG, _group_norm, weights=_AFFINE)
layer("keras.layers.LayerNormalization", "layer_norm", LAYER_NORM_SIG, _layer_norm, transfer=reshape_transfer,
      weights={"gamma": W("weight", "*s"), "beta": W("bias", "*s")})
layer("keras.layers.RMSNormalization", "rms_norm", RMS_NORM_SIG, _rms_norm,
      transfer=lambda canon, dmod, rt: reshape_transfer(canon, dmod, rt, (("scale", "weight"),)),
      weights={"scale": W("weight", "*s")})
layer("local_response_norm", "local_response_norm", None, _lrn)
layer("keras.layers.Dropout", "dropout", DROPOUT_SIG, call("layers.Dropout", "{p}", sig=DROPOUT_SIG), call=pass_training)
# SpatialDropout1D is channels-last only (and has no data_format): listed, written as layers.Dropout above
layer("keras.layers.SpatialDropout1D", "dropout_channel", "self, rate, seed=None, name=None, dtype=None", None)
for _n in (2, 3):
    layer(f"keras.layers.SpatialDropout{_n}D", "dropout_channel", SPATIAL_DROPOUT_SIG, _dropout_channel,
          call=pass_training)
layer("AlphaDropout", "alpha_dropout", ALPHA_DROPOUT_SIG,
      lambda c, ctx: call(helper(ctx, "norm", "AlphaDropout", "alpha_dropout"), "{p}", sig=ALPHA_DROPOUT_SIG)(c, ctx),
      call=pass_training)
layer("feature_alpha_dropout", "feature_alpha_dropout", None,
      lambda c, ctx: call(helper(ctx, "norm", "AlphaDropout", "alpha_dropout"), "{p}", channel_axis="1",
                          sig=ALPHA_DROPOUT_SIG)(c, ctx), call=pass_training)
