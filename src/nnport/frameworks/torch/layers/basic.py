"""Linear, convolutions, flatten, ReLU (the first entries; families grow in their own modules)."""
from nnport.frameworks.spec import W
from nnport.frameworks.torch.layers._registry import FACTORY, layer

layer("torch.nn.Linear", "linear", "in_features, out_features, bias=True, device=None, dtype=None",
      ignore=FACTORY, weights={"weight": W("weight", "out,in"), "bias": W("bias", "out")})

for _n in (1, 2, 3):
    layer(f"torch.nn.Conv{_n}d", "conv",
          "in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,"
          " padding_mode='zeros', device=None, dtype=None",
          fixed={"ndim": str(_n)}, ignore=FACTORY,
          weights={"weight": W("weight", "out,in,*s"), "bias": W("bias", "out")})

layer("torch.nn.ReLU", "relu", "inplace=False", ignore=("inplace",))
layer("torch.nn.Flatten", "flatten", "start_dim=1, end_dim=-1")
