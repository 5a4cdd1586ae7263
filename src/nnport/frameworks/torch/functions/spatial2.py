"""torch.nn.functional, spatial family (second file): lp_poolNd, deprecated upsample aliases,
channel_shuffle, unfold (im2col)."""
from nnport.frameworks.torch.functions._registry import fn

_F = "torch.nn.functional"
for _n in (1, 2, 3):
    fn(f"{_F}.lp_pool{_n}d", "lp_pool", "input, norm_type, kernel_size, stride=None, ceil_mode=False",
       fixed={"ndim": str(_n)})
fn(f"{_F}.upsample", "upsample", "input, size=None, scale_factor=None, mode='nearest', align_corners=None")
fn(f"{_F}.upsample_nearest", "upsample", "input, size=None, scale_factor=None", fixed={"mode": "'nearest'"})
fn(f"{_F}.upsample_bilinear", "upsample", "input, size=None, scale_factor=None",
   fixed={"mode": "'bilinear'", "align_corners": "True"})
fn(f"{_F}.channel_shuffle", "channel_shuffle", "input, groups")
fn("torch.channel_shuffle", "channel_shuffle", "input, groups")
fn(f"{_F}.unfold", "im2col", "input, kernel_size, dilation=1, padding=0, stride=1")
fn(f"{_F}.fold", "col2im", "input, output_size, kernel_size, dilation=1, padding=0, stride=1")
fn(f"{_F}.grid_sample", "grid_sample",
   "input, grid, mode='bilinear', padding_mode='zeros', align_corners=None")
fn(f"{_F}.affine_grid", "affine_grid", "theta, size, align_corners=None")
