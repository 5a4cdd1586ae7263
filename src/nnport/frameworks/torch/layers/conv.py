"""torch layers: transposed convolutions (ConvNd are in basic.py)."""
from nnport.frameworks.spec import W
from nnport.frameworks.torch.layers._registry import FACTORY, layer

for _n in (1, 2, 3):
    layer(f"torch.nn.ConvTranspose{_n}d", "conv_transpose",
          "in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,"
          " bias=True, dilation=1, padding_mode='zeros', device=None, dtype=None",
          fixed={"ndim": str(_n)}, ignore=FACTORY,
          weights={"weight": W("weight", "in,out,*s"), "bias": W("bias", "out")})
