"""torch layers: max/avg pooling and adaptive pooling (N, C, *spatial)."""
from nnport.frameworks.torch.layers._registry import layer

for _n in (1, 2, 3):
    _nd = {"ndim": str(_n)}
    layer(f"torch.nn.MaxPool{_n}d", "max_pool",
          "kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False", fixed=_nd)
    layer(f"torch.nn.AvgPool{_n}d", "avg_pool",
          "kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True"
          + (", divisor_override=None" if _n > 1 else ""), fixed=_nd)
    layer(f"torch.nn.AdaptiveAvgPool{_n}d", "adaptive_avg_pool", "output_size", fixed=_nd)
    layer(f"torch.nn.AdaptiveMaxPool{_n}d", "adaptive_max_pool", "output_size, return_indices=False",
          fixed=_nd)
