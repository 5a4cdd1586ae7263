"""torch.nn.functional convolutions, pooling, resampling, padding and pixel shuffle -> pivot ops."""
from nnport.frameworks.torch.functions._registry import fn

_F = "torch.nn.functional"
for _n in (1, 2, 3):
    _nd = {"ndim": str(_n)}
    fn(f"{_F}.conv{_n}d", "conv", "input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1",
       fixed=_nd)
    fn(f"{_F}.conv_transpose{_n}d", "conv_transpose",
       "input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1", fixed=_nd)
    fn(f"{_F}.max_pool{_n}d", "max_pool",
       "input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False",
       fixed=_nd)
    fn(f"{_F}.avg_pool{_n}d", "avg_pool",
       "input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True"
       + (", divisor_override=None" if _n > 1 else ""), fixed=_nd)
    fn(f"{_F}.adaptive_avg_pool{_n}d", "adaptive_avg_pool", "input, output_size", fixed=_nd)
    fn(f"{_F}.adaptive_max_pool{_n}d", "adaptive_max_pool", "input, output_size, return_indices=False",
       fixed=_nd)

fn(f"{_F}.interpolate", "upsample", "input, size=None, scale_factor=None, mode='nearest', align_corners=None,"
   " recompute_scale_factor=None, antialias=False")
fn(f"{_F}.pad", "pad", "input, pad, mode='constant', value=None")
fn(f"{_F}.pixel_shuffle", "pixel_shuffle", "input, upscale_factor")
fn(f"{_F}.pixel_unshuffle", "pixel_unshuffle", "input, downscale_factor")
fn("torch.pixel_shuffle", "pixel_shuffle", "input, upscale_factor")
fn("torch.pixel_unshuffle", "pixel_unshuffle", "input, downscale_factor")
