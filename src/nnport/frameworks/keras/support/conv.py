"""Convolutions with PyTorch's padding: explicit (asymmetric-free) pads and padding modes before the
convolution, and the cropping of a transposed convolution's output (PyTorch's `padding`); and
channels-first convolutions whose bias is added along the channel axis whatever the spatial sizes."""
from keras import layers, ops


def pad_nd(x, pads, mode="zeros", value=0.0):
    """Pad the trailing len(pads) axes of x by pads ((before, after), ...), as F.pad does:
    mode "zeros"/"constant" (with value), "reflect", "replicate" or "circular"."""
    first = len(x.shape) - len(pads)
    if mode in ("zeros", "constant"):
        return ops.pad(x, [(0, 0)] * first + [tuple(p) for p in pads], constant_values=value)
    if mode == "reflect":
        return ops.pad(x, [(0, 0)] * first + [tuple(p) for p in pads], mode="reflect")
    for axis, (before, after) in enumerate(pads, start=first):
        n = x.shape[axis]
        if mode == "replicate":
            index = [0] * before + list(range(n)) + [n - 1] * after
        elif mode == "circular":
            index = [i % n for i in range(-before, n + after)]
        else:
            raise ValueError(f"padding mode {mode!r}")
        x = ops.take(x, index, axis=axis)
    return x


def torch_pads(padding, kernel_size, dilation):
    """PyTorch's conv `padding` as ((before, after), ...): 'same' pads total // 2 before."""
    n = len(kernel_size)
    if isinstance(padding, str):
        if padding not in ("same", "valid"):
            raise ValueError(f"padding={padding!r}")
        totals = [d * (k - 1) if padding == "same" else 0 for k, d in zip(kernel_size, dilation)]
        return tuple((t // 2, t - t // 2) for t in totals)
    if isinstance(padding, int):
        padding = (padding,) * n
    return tuple(tuple(p) if isinstance(p, (tuple, list)) else (p, p) for p in padding)


class ChannelsFirstBias:
    """A Keras convolution on channels-first data that adds its bias by broadcasting. Keras 3's
    TensorFlow backend adds a (1, C, 1, ...) bias with ops.add, which takes it for an NHWC
    bias_add when the output's last axis also has C entries: the bias lands on the wrong axis."""

    def call(self, inputs):
        if not self.use_bias:
            return super().call(inputs)
        self.use_bias = False   # the convolution alone, then the bias here
        try:
            outputs = super().call(inputs)
        finally:
            self.use_bias = True
        return outputs + ops.reshape(self.bias, (1, -1) + (1,) * (len(outputs.shape) - 2))


class ChannelsFirstConv1D(ChannelsFirstBias, layers.Conv1D):
    """layers.Conv1D, channels-first, with its bias on the channel axis."""


class ChannelsFirstConv2D(ChannelsFirstBias, layers.Conv2D):
    """layers.Conv2D, channels-first, with its bias on the channel axis."""


class ChannelsFirstConv3D(ChannelsFirstBias, layers.Conv3D):
    """layers.Conv3D, channels-first, with its bias on the channel axis."""


class ChannelsFirstConv1DTranspose(ChannelsFirstBias, layers.Conv1DTranspose):
    """layers.Conv1DTranspose, channels-first, with its bias on the channel axis."""


class ChannelsFirstConv2DTranspose(ChannelsFirstBias, layers.Conv2DTranspose):
    """layers.Conv2DTranspose, channels-first, with its bias on the channel axis."""


class ChannelsFirstConv3DTranspose(ChannelsFirstBias, layers.Conv3DTranspose):
    """layers.Conv3DTranspose, channels-first, with its bias on the channel axis."""


class PaddedConv:
    """A Keras convolution that first pads its (channels-first) input the way PyTorch's ConvNd does.
    `pads`: ((before, after), ...) per spatial axis, or PyTorch's `padding` (an int, one int per
    axis, "same" or "valid")."""

    def __init__(self, *args, pads, padding_mode="zeros", **kwargs):
        super().__init__(*args, **kwargs)
        self.pads, self.padding_mode = torch_pads(pads, self.kernel_size, self.dilation_rate), padding_mode

    def call(self, inputs):
        return super().call(pad_nd(inputs, self.pads, self.padding_mode))

    def compute_output_shape(self, input_shape):
        first = len(input_shape) - len(self.pads)
        padded = [None if size is None or i < first else size + sum(self.pads[i - first])
                  for i, size in enumerate(input_shape)]
        return super().compute_output_shape(tuple(input_shape[:first]) + tuple(padded[first:]))


class PaddedConv1D(PaddedConv, ChannelsFirstBias, layers.Conv1D):
    """layers.Conv1D with PyTorch's Conv1d padding."""


class PaddedConv2D(PaddedConv, ChannelsFirstBias, layers.Conv2D):
    """layers.Conv2D with PyTorch's Conv2d padding."""


class PaddedConv3D(PaddedConv, ChannelsFirstBias, layers.Conv3D):
    """layers.Conv3D with PyTorch's Conv3d padding."""


class CroppedConvTranspose:
    """A Keras transposed convolution whose output loses `crop` on both sides of each spatial axis:
    PyTorch's ConvTransposeNd `padding`."""

    def __init__(self, *args, crop, **kwargs):
        super().__init__(*args, **kwargs)
        self.crop = crop

    def call(self, inputs):
        y = super().call(inputs)
        index = (slice(None), slice(None)) + tuple(slice(c, y.shape[i + 2] - c) for i, c in enumerate(self.crop))
        return y[index]


class CroppedConv1DTranspose(CroppedConvTranspose, ChannelsFirstBias, layers.Conv1DTranspose):
    """layers.Conv1DTranspose with PyTorch's ConvTranspose1d padding."""


class CroppedConv2DTranspose(CroppedConvTranspose, ChannelsFirstBias, layers.Conv2DTranspose):
    """layers.Conv2DTranspose with PyTorch's ConvTranspose2d padding."""


class CroppedConv3DTranspose(CroppedConvTranspose, ChannelsFirstBias, layers.Conv3DTranspose):
    """layers.Conv3DTranspose with PyTorch's ConvTranspose3d padding."""
