"""Lazy modules (nn.LazyLinear, nn.LazyConvNd, nn.LazyBatchNormNd): the input size is set by the
first call. Read as their op with `lazy=True` (no input size); a target without lazy modules
refuses them (the size is known only at run time); a target whose layers are all sized by
their first call (Keras: SIZES_FROM_FIRST_CALL) writes its own layer. The Keras -> PyTorch translation writes them
where no recorded run gives a layer's input size."""
from nnport.frameworks.spec import Unsupported, W
from nnport.frameworks.torch.layers._registry import FACTORY, layer
from nnport.frameworks.torch.layers.norm import _STATS


def lazy(c, ctx):
    if getattr(ctx.dst.skeleton, "SIZES_FROM_FIRST_CALL", False):
        return c   # the target's layers are sized by their first call too (Keras)
    if not any(e.fixed.get("lazy") for e in ctx.dst.layers.for_op(c.op) if e.emit):
        raise Unsupported(f"{c.extra['api']}: a lazy module (its input size is known only after the "
                          f"first call) has no {ctx.dst.name} counterpart: give the input size")
    return c


layer("torch.nn.LazyLinear", "linear", "out_features, bias=True, device=None, dtype=None",
      fixed={"lazy": "True"}, ignore=FACTORY, read=lazy,
      weights={"weight": W("weight", "out,in"), "bias": W("bias", "out")})
for _n in (1, 2, 3):
    layer(f"torch.nn.LazyConv{_n}d", "conv",
          "out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,"
          " padding_mode='zeros', device=None, dtype=None",
          fixed={"ndim": str(_n), "lazy": "True"}, ignore=FACTORY, read=lazy,
          weights={"weight": W("weight", "out,in,*s"), "bias": W("bias", "out")})
    layer(f"torch.nn.LazyBatchNorm{_n}d", "batch_norm",
          "eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None, *, bias=True",
          fixed={"ndim": str(_n), "lazy": "True"}, ignore=FACTORY, read=lazy,
          weights=_STATS)
