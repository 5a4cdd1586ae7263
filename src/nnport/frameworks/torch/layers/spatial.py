"""torch layers: upsampling, padding, pixel shuffle, unflatten, identity."""
from nnport.frameworks.torch.layers._registry import layer

_UP = "size=None, scale_factor=None"
layer("torch.nn.Upsample", "upsample", _UP + ", mode='nearest', align_corners=None, recompute_scale_factor=None")
layer("torch.nn.UpsamplingNearest2d", "upsample", _UP, fixed={"mode": "'nearest'"})
layer("torch.nn.UpsamplingBilinear2d", "upsample", _UP, fixed={"mode": "'bilinear'", "align_corners": "True"})

for _n in (1, 2, 3):
    _nd = {"ndim": str(_n)}
    layer(f"torch.nn.ZeroPad{_n}d", "pad", "padding", fixed={**_nd, "mode": "'constant'"})
    layer(f"torch.nn.ConstantPad{_n}d", "pad", "padding, value", fixed={**_nd, "mode": "'constant'"})
    layer(f"torch.nn.ReflectionPad{_n}d", "pad", "padding", fixed={**_nd, "mode": "'reflect'"})
    layer(f"torch.nn.ReplicationPad{_n}d", "pad", "padding", fixed={**_nd, "mode": "'replicate'"})
    layer(f"torch.nn.CircularPad{_n}d", "pad", "padding", fixed={**_nd, "mode": "'circular'"})

layer("torch.nn.PixelShuffle", "pixel_shuffle", "upscale_factor")
layer("torch.nn.PixelUnshuffle", "pixel_unshuffle", "downscale_factor")
layer("torch.nn.Unflatten", "unflatten", "dim, unflattened_size")
layer("torch.nn.Identity", "identity", "*args, **kwargs")
