"""flax layers: normalization and dropout. PyTorch's eps defaults (1e-5) are always written out
(Flax's are 1e-6); variances are computed two-pass (use_fast_variance=False), as PyTorch does.
BatchNorm is a helper subclass of nnx.BatchNorm (support/norm.py): PyTorch updates the running
variance with the unbiased batch variance. Channel-axis layers follow `ctx.channels_last`."""
from __future__ import annotations

import math

from nnport.frameworks.flax.layers._registry import layer
from nnport.frameworks.flax.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, W, code
from nnport.frameworks.norm_functions import biased_statistics, complement_momentum, per_channel
from nnport.translate.emit import call

_NORM_KW = (" *, epsilon=1e-06, dtype=None, param_dtype=jnp.float32, use_bias=True, use_scale=True,"
            " bias_init=initializers.zeros_init(), scale_init=initializers.ones_init(), {axes}"
            " axis_name=None, axis_index_groups=None, use_fast_variance=True,"
            " promote_dtype=dtypes.promote_dtype, rngs, bias_metadata=MappingProxyType({}),"
            " scale_metadata=MappingProxyType({})")
LAYER_NORM_SIG = "self, num_features," + _NORM_KW.replace("{axes}", "reduction_axes=-1, feature_axes=-1,")
INSTANCE_NORM_SIG = "self, num_features," + _NORM_KW.replace("{axes}", "feature_axes=-1,")
GROUP_NORM_SIG = "self, num_features, num_groups=32, group_size=None," + _NORM_KW.replace(
    "{axes}", "reduction_axes=None,")
RMS_NORM_SIG = ("self, num_features, *, epsilon=1e-06, dtype=None, param_dtype=jnp.float32, use_scale=True,"
                " scale_init=initializers.ones_init(), reduction_axes=-1, feature_axes=-1, axis_name=None,"
                " axis_index_groups=None, use_fast_variance=True, promote_dtype=dtypes.promote_dtype,"
                " rngs, scale_metadata=MappingProxyType({})")
NNX_BN_SIG = ("self, num_features, *, use_running_average=False, axis=-1, momentum=0.99, epsilon=1e-05,"
              " dtype=None, param_dtype=jnp.float32, use_bias=True, use_scale=True,"
              " bias_init=initializers.zeros_init(), scale_init=initializers.ones_init(), axis_name=None,"
              " axis_index_groups=None, use_fast_variance=True, promote_dtype=dtypes.promote_dtype, rngs,"
              " bias_metadata=MappingProxyType({}), scale_metadata=MappingProxyType({})")
BN_SIG = ("self, num_features, *, axis=-1, momentum=0.99, epsilon=1e-5, use_bias=True, use_scale=True,"
          " track_running_stats=True, rngs")
IN_STATS_SIG = ("self, num_features, *, axis=1, momentum=0.9, epsilon=1e-5, use_scale=False, use_bias=False,"
                " rngs")
DROPOUT_SIG = "self, rate, *, broadcast_dims=(), deterministic=False, rng_collection='dropout', rngs=None"
ALPHA_DROPOUT_SIG = "self, rate, *, channel_axis=None, deterministic=False, rngs"
_AFFINE = {"scale": W("weight", "c"), "bias": W("bias", "c")}


def use_bias(affine: str):
    """PyTorch's `bias=` (keyword-only, newer releases) only matters when `affine` is on."""
    def value(c, ctx):
        if not c.given("bias") or c.lit("bias") is True:
            return c.get(affine)
        if c.lit(affine) is True:
            return c.get("bias")
        return f"({code(c.get(affine))}) and ({code(c.get('bias'))})"
    return value


flax_momentum = complement_momentum("Flax")


def channel_axis(c, ctx):
    return "-1" if getattr(ctx, "channels_last", False) else "1"


def _batch_norm(c, ctx):
    if biased_statistics(c):   # Flax's own statistics: its own layer
        return call("nnx.BatchNorm", "{num_features}", axis=channel_axis, momentum=flax_momentum, epsilon="{eps}",
                    use_bias=use_bias("affine"), use_scale="{affine}", use_fast_variance="False",
                    sig=NNX_BN_SIG)(c, ctx)
    return call(helper(ctx, "norm", "BatchNorm"), "{num_features}", axis=channel_axis,
                momentum=flax_momentum, epsilon="{eps}", use_bias=use_bias("affine"), use_scale="{affine}",
                track_running_stats="{track_running_stats}", sig=BN_SIG)(c, ctx)


def _instance_norm(c, ctx):
    if c.lit("track_running_stats") is not False:
        if c.lit("track_running_stats") is not True:
            raise Unsupported(f"track_running_stats={code(c.get('track_running_stats'))}: True or False")
        return call(helper(ctx, "norm", "InstanceNorm"), "{num_features}", axis=channel_axis,
                    momentum=flax_momentum, epsilon="{eps}", use_scale="{affine}", use_bias=use_bias("affine"),
                    sig=IN_STATS_SIG)(c, ctx)
    return call("nnx.InstanceNorm", "{num_features}", epsilon="{eps}", use_bias=use_bias("affine"),
                use_scale="{affine}", feature_axes=channel_axis, use_fast_variance="False",
                sig=INSTANCE_NORM_SIG)(c, ctx)


def _group_norm(c, ctx):
    per_channel(c, "Flax")
    return call("nnx.GroupNorm", "{num_channels}", num_groups="{num_groups}", epsilon="{eps}",
                use_bias=use_bias("affine"), use_scale="{affine}", use_fast_variance="False",
                sig=GROUP_NORM_SIG)(c, ctx)


def _shape(c):
    """normalized_shape -> (num_features code, trailing axes or None). A non-literal is taken as an
    int (d_model style); nnx.LayerNorm refuses a tuple there at construction."""
    v = c.lit("normalized_shape")
    if v is NOT_LITERAL:
        return code(c.get("normalized_shape")), None
    if isinstance(v, int):
        return repr(v), None
    v = tuple(v)
    if len(v) == 1:
        return repr(v[0]), None
    return repr(math.prod(v)), repr(tuple(range(-len(v), 0)))


def _layer_norm(c, ctx):
    n, axes = _shape(c)
    return call("nnx.LayerNorm", n, epsilon="{eps}", use_bias=use_bias("elementwise_affine"),
                use_scale="{elementwise_affine}", reduction_axes=lambda c, ctx: axes,
                feature_axes=lambda c, ctx: axes,
                use_fast_variance="False", sig=LAYER_NORM_SIG)(c, ctx)


def _rms_norm(c, ctx):
    n, axes = _shape(c)
    eps = "jnp.finfo(jnp.float32).eps" if c.lit("eps") is None else "{eps}"   # PyTorch: finfo(x.dtype)
    return call("nnx.RMSNorm", n, epsilon=eps, use_scale="{elementwise_affine}",
                reduction_axes=lambda c, ctx: axes, feature_axes=lambda c, ctx: axes, sig=RMS_NORM_SIG)(c, ctx)


def reshape_transfer(canon, dmod, rt, names=(("scale", "weight"), ("bias", "bias"))) -> dict[str, str]:
    """Weights written reshaped to the target's shape (LayerNorm/RMSNorm over several trailing axes
    keep a flat scale) and copied: jnp.asarray may alias the source's numpy buffer, which a PyTorch
    training step then changes in place (running statistics)."""
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
    if getattr(ctx, "channels_last", False):
        kw.append("axis=-1")
    return f"partial({fn}, {', '.join(kw)})"


def _dropout_channel(c, ctx):
    n = c.lit("ndim")
    dims = tuple(range(-n - 1, -1)) if getattr(ctx, "channels_last", False) else tuple(range(-n, 0))
    return call("nnx.Dropout", "{p}", broadcast_dims=repr(dims), rngs=_rngs, sig=DROPOUT_SIG)(c, ctx)


def _rngs(c, ctx):
    """Written out by the label entries below (the engine adds rngs= only for a stated signature)."""
    return ctx.rngs()


def _stats_transfer(canon, dmod, rt):
    return reshape_transfer(canon, dmod, rt, (("scale", "weight"), ("bias", "bias"), ("mean", "running_mean"),
                                              ("var", "running_var")))


layer("BatchNorm", "batch_norm", BN_SIG, _batch_norm, transfer=_stats_transfer,
      weights={**_AFFINE, "mean": W("running_mean", "c"), "var": W("running_var", "c")})
layer("flax.nnx.BatchNorm", "batch_norm", NNX_BN_SIG, None, transfer=_stats_transfer,   # biased_var
      weights={**_AFFINE, "mean": W("running_mean", "c"), "var": W("running_var", "c")})
layer("flax.nnx.InstanceNorm", "instance_norm", INSTANCE_NORM_SIG, _instance_norm, weights=_AFFINE)
# what _instance_norm builds for track_running_stats=True (found by class for weight transfer)
layer("InstanceNorm", "instance_norm", IN_STATS_SIG, None, transfer=_stats_transfer,
      weights={**_AFFINE, "mean": W("running_mean", "c"), "var": W("running_var", "c")})
layer("flax.nnx.GroupNorm", "group_norm", GROUP_NORM_SIG, _group_norm, layout="channels_last",
      weights=_AFFINE)
layer("flax.nnx.LayerNorm", "layer_norm", LAYER_NORM_SIG, _layer_norm, transfer=reshape_transfer,
      weights={"scale": W("weight", "*s"), "bias": W("bias", "*s")})
layer("flax.nnx.RMSNorm", "rms_norm", RMS_NORM_SIG, _rms_norm, transfer=reshape_transfer,
      weights={"scale": W("weight", "*s")})
layer("local_response_norm", "local_response_norm", None, _lrn)
layer("flax.nnx.Dropout", "dropout", DROPOUT_SIG, call("nnx.Dropout", "{p}", sig=DROPOUT_SIG))
layer("dropout_channel", "dropout_channel", None, _dropout_channel)
layer("AlphaDropout", "alpha_dropout", ALPHA_DROPOUT_SIG,
      lambda c, ctx: call(helper(ctx, "norm", "AlphaDropout", "alpha_dropout"), "{p}", sig=ALPHA_DROPOUT_SIG)(c, ctx))
layer("feature_alpha_dropout", "feature_alpha_dropout", None,
      lambda c, ctx: call(helper(ctx, "norm", "AlphaDropout", "alpha_dropout"), "{p}", channel_axis="1",
                          rngs=_rngs, sig=ALPHA_DROPOUT_SIG)(c, ctx))
