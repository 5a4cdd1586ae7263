"""torch layers: normalization (batch/layer/group/instance/RMS/local response) and dropout."""
from nnport.frameworks.spec import Unsupported, W
from nnport.frameworks.torch.layers._registry import FACTORY, layer

_BN_SIG = ("num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None,"
           " dtype=None, *, bias=True")
_STATS = {"weight": W("weight", "c"), "bias": W("bias", "c"), "running_mean": W("running_mean", "c"),
          "running_var": W("running_var", "c")}


def _momentum(c, ctx):
    if c.get("momentum") is not None and c.lit("momentum") is None:
        raise Unsupported(f"{c.extra['api']}(momentum=None): a cumulative moving average has no Flax "
                          "counterpart")
    return c


for _n in (1, 2, 3):
    layer(f"torch.nn.BatchNorm{_n}d", "batch_norm", _BN_SIG, fixed={"ndim": str(_n)}, ignore=FACTORY,
          weights=_STATS, read=_momentum)
    layer(f"torch.nn.InstanceNorm{_n}d", "instance_norm", _BN_SIG.replace("affine=True", "affine=False")
          .replace("track_running_stats=True", "track_running_stats=False"), fixed={"ndim": str(_n)},
          ignore=FACTORY, weights=_STATS)

layer("torch.nn.LayerNorm", "layer_norm",
      "normalized_shape, eps=1e-05, elementwise_affine=True, bias=True, device=None, dtype=None",
      ignore=FACTORY, weights={"weight": W("weight", "*s"), "bias": W("bias", "*s")})
layer("torch.nn.GroupNorm", "group_norm",
      "num_groups, num_channels, eps=1e-05, affine=True, device=None, dtype=None, *, bias=True",
      ignore=FACTORY, weights={"weight": W("weight", "c"), "bias": W("bias", "c")})
layer("torch.nn.RMSNorm", "rms_norm", "normalized_shape, eps=None, elementwise_affine=True, device=None,"
      " dtype=None", ignore=FACTORY, weights={"weight": W("weight", "*s")})
layer("torch.nn.LocalResponseNorm", "local_response_norm", "size, alpha=0.0001, beta=0.75, k=1.0")

# dropout: `inplace` has no numerical effect on the returned value
layer("torch.nn.Dropout", "dropout", "p=0.5, inplace=False", ignore=("inplace",))
for _n in (1, 2, 3):
    layer(f"torch.nn.Dropout{_n}d", "dropout_channel", "p=0.5, inplace=False", ignore=("inplace",),
          fixed={"ndim": str(_n)})
layer("torch.nn.AlphaDropout", "alpha_dropout", "p=0.5, inplace=False", ignore=("inplace",))
layer("torch.nn.FeatureAlphaDropout", "feature_alpha_dropout", "p=0.5, inplace=False", ignore=("inplace",))

