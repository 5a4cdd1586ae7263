"""Convolutions with PyTorch's padding where Gluon's (symmetric zeros) is not it: padding_mode
'reflect' / 'replicate' / 'circular', and 'same' with an odd total; the functional forms."""
from mxnet import nd
from mxnet.gluon import nn

from nnport.frameworks.mxnet.support.spatial import pad


class PaddedConv:
    """Mixin for nn.ConvND: pads the input by `pads` (PyTorch's F.pad order: last axis first) in
    `padding_mode` ('zeros', 'reflect', 'replicate', 'circular'), then convolves without padding."""

    def __init__(self, *args, pads=(), padding_mode="zeros", **kwargs):
        super().__init__(*args, **kwargs)
        self._pads = tuple(pads)
        self._padding_mode = "constant" if padding_mode == "zeros" else padding_mode

    def hybrid_forward(self, F, x, weight, bias=None):
        return super().hybrid_forward(F, pad(F, x, self._pads, self._padding_mode), weight, bias)


class PaddedConv1D(PaddedConv, nn.Conv1D):
    pass


class PaddedConv2D(PaddedConv, nn.Conv2D):
    pass


class PaddedConv3D(PaddedConv, nn.Conv3D):
    pass


def _tuple(v, n):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


def conv(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """PyTorch's nd.conv1d/2d/3d (weight (out, in/groups, *k)); padding an int, a tuple or 'same' / 'valid'.
    The kernel size and filter count are attributes of the operator: read from the weight's shape."""
    n = len(weight.shape) - 2
    kernel, dilation = tuple(weight.shape[2:]), _tuple(dilation, n)
    if padding == "valid":
        padding = 0
    if padding == "same":
        total = [d * (k - 1) for k, d in zip(kernel, dilation)]
        x = pad(nd, x, tuple(p for t in reversed(total) for p in (t // 2, t - t // 2)))
        padding = 0
    return nd.Convolution(x, weight, bias, kernel=kernel, stride=_tuple(stride, n), dilate=dilation,
                         pad=_tuple(padding, n), num_filter=weight.shape[0], num_group=groups, no_bias=bias is None)


def conv_transpose(x, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """PyTorch's nd.conv_transpose1d/2d/3d (weight (in, out/groups, *k))."""
    n = len(weight.shape) - 2
    return nd.Deconvolution(x, weight, bias, kernel=tuple(weight.shape[2:]), stride=_tuple(stride, n),
                           dilate=_tuple(dilation, n), pad=_tuple(padding, n), adj=_tuple(output_padding, n),
                           num_filter=weight.shape[1] * groups, num_group=groups, no_bias=bias is None)
