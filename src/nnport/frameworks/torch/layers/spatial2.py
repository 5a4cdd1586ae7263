"""torch layers, spatial family (second file): LPPoolNd, ChannelShuffle, Unfold."""
from nnport.frameworks.torch.layers._registry import layer

for _n in (1, 2, 3):
    layer(f"torch.nn.LPPool{_n}d", "lp_pool", "norm_type, kernel_size, stride=None, ceil_mode=False",
          fixed={"ndim": str(_n)})
layer("torch.nn.ChannelShuffle", "channel_shuffle", "groups")
layer("torch.nn.Unfold", "im2col", "kernel_size, dilation=1, padding=0, stride=1")
layer("torch.nn.Fold", "col2im", "output_size, kernel_size, dilation=1, padding=0, stride=1")
