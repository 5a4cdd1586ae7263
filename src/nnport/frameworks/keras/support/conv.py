"""Convolutions with PyTorch's padding: explicit (asymmetric-free) pads and padding modes before the
convolution, and the cropping of a transposed convolution's output (PyTorch's `padding`)."""
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


class ChannelsFirstBias:
    """A channels-first Keras convolution that adds its bias as `bias + y`: Keras 3's TensorFlow
    ops.add(y, bias), which layers.ConvND use, adds a (1, C, 1, ...) bias along the LAST axis when
    that axis also has size C (it takes the bias for an NHWC one)."""

    def call(self, inputs):
        outputs = self.convolve(inputs)
        if self.use_bias:
            outputs = ops.reshape(self.bias, (1, self.filters) + (1,) * self.rank) + outputs
        return outputs if self.activation is None else self.activation(outputs)

    def convolve(self, inputs):
        if hasattr(self, "convolution_op"):   # ConvND
            return self.convolution_op(inputs, self.kernel)
        return ops.conv_transpose(inputs, self.kernel, strides=list(self.strides), padding=self.padding,
                                  output_padding=self.output_padding, dilation_rate=self.dilation_rate,
                                  data_format=self.data_format)


class ChannelsFirstConv1D(ChannelsFirstBias, layers.Conv1D):
    """layers.Conv1D on channels-first data, its bias on the channel axis."""


class ChannelsFirstConv2D(ChannelsFirstBias, layers.Conv2D):
    """layers.Conv2D on channels-first data, its bias on the channel axis."""


class ChannelsFirstConv3D(ChannelsFirstBias, layers.Conv3D):
    """layers.Conv3D on channels-first data, its bias on the channel axis."""


class ChannelsFirstConv1DTranspose(ChannelsFirstBias, layers.Conv1DTranspose):
    """layers.Conv1DTranspose on channels-first data, its bias on the channel axis."""


class ChannelsFirstConv2DTranspose(ChannelsFirstBias, layers.Conv2DTranspose):
    """layers.Conv2DTranspose on channels-first data, its bias on the channel axis."""


class ChannelsFirstConv3DTranspose(ChannelsFirstBias, layers.Conv3DTranspose):
    """layers.Conv3DTranspose on channels-first data, its bias on the channel axis."""


class PaddedConv:
    """A Keras convolution that first pads its (channels-first) input the way PyTorch's ConvNd does.
    `pads`: ((before, after), ...) per spatial axis, or PyTorch's `padding` (an int, one int per
    axis, "same" or "valid")."""

    def __init__(self, *args, pads, padding_mode="zeros", **kwargs):
        super().__init__(*args, **kwargs)
        self.pads, self.padding_mode = torch_pads(pads, self.kernel_size, self.dilation_rate), padding_mode

    def compute_output_shape(self, input_shape):
        first = len(input_shape) - len(self.pads)
        padded = [None if size is None or i < first else size + sum(self.pads[i - first])
                  for i, size in enumerate(input_shape)]
        return super().compute_output_shape(tuple(input_shape[:first]) + tuple(padded[first:]))

    def call(self, inputs):
        return super().call(pad_nd(inputs, self.pads, self.padding_mode))


class PaddedConv1D(PaddedConv, ChannelsFirstConv1D):
    """layers.Conv1D with PyTorch's Conv1d padding."""


class PaddedConv2D(PaddedConv, ChannelsFirstConv2D):
    """layers.Conv2D with PyTorch's Conv2d padding."""


class PaddedConv3D(PaddedConv, ChannelsFirstConv3D):
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


class CroppedConv1DTranspose(CroppedConvTranspose, ChannelsFirstConv1DTranspose):
    """layers.Conv1DTranspose with PyTorch's ConvTranspose1d padding."""


class CroppedConv2DTranspose(CroppedConvTranspose, ChannelsFirstConv2DTranspose):
    """layers.Conv2DTranspose with PyTorch's ConvTranspose2d padding."""


class CroppedConv3DTranspose(CroppedConvTranspose, ChannelsFirstConv3DTranspose):
    """layers.Conv3DTranspose with PyTorch's ConvTranspose3d padding."""


class DilatedConvTranspose(CroppedConvTranspose):
    """A Keras transposed convolution with stride > 1 and dilation > 1 (Keras's layers refuse the
    pair): the dilated kernel written out, zeros between its taps, and convolved undilated (the same
    sums). The layer's kernel keeps PyTorch's kernel_size; `crop` as CroppedConvTranspose."""

    def __init__(self, *args, dilation_rate, **kwargs):
        super().__init__(*args, **kwargs)
        n = len(self.kernel_size)
        self.kernel_dilation = (dilation_rate,) * n if isinstance(dilation_rate, int) else tuple(dilation_rate)

    def dilated_kernel(self):
        kernel = ops.convert_to_tensor(self.kernel)
        for axis, d in enumerate(self.kernel_dilation):
            if d == 1:
                continue
            shape = list(kernel.shape)
            taps = ops.stack([kernel] + [ops.zeros_like(kernel)] * (d - 1), axis=axis + 1)
            taps = ops.reshape(taps, shape[:axis] + [shape[axis] * d] + shape[axis + 1:])
            kernel = ops.take(taps, list(range((shape[axis] - 1) * d + 1)), axis=axis)
        return kernel

    def convolve(self, inputs):
        return ops.conv_transpose(inputs, self.dilated_kernel(), strides=list(self.strides), padding=self.padding,
                                  output_padding=self.output_padding, data_format=self.data_format)

    def compute_output_shape(self, input_shape):
        kernel_size = self.kernel_size
        self.kernel_size = tuple((k - 1) * d + 1 for k, d in zip(kernel_size, self.kernel_dilation))
        try:
            shape = list(super().compute_output_shape(input_shape))
        finally:
            self.kernel_size = kernel_size
        for i, c in enumerate(self.crop):
            shape[2 + i] = None if shape[2 + i] is None else shape[2 + i] - 2 * c
        return tuple(shape)


class DilatedConv1DTranspose(DilatedConvTranspose, ChannelsFirstConv1DTranspose):
    """layers.Conv1DTranspose with PyTorch's ConvTranspose1d stride, dilation and padding."""


class DilatedConv2DTranspose(DilatedConvTranspose, ChannelsFirstConv2DTranspose):
    """layers.Conv2DTranspose with PyTorch's ConvTranspose2d stride, dilation and padding."""


class DilatedConv3DTranspose(DilatedConvTranspose, ChannelsFirstConv3DTranspose):
    """layers.Conv3DTranspose with PyTorch's ConvTranspose3d stride, dilation and padding."""


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
