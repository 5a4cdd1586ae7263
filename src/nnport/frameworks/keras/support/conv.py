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


class PaddedConv:
    """A Keras convolution that first pads its (channels-first) input the way PyTorch's ConvNd does."""

    def __init__(self, *args, pads, padding_mode="zeros", **kwargs):
        super().__init__(*args, **kwargs)
        self.pads, self.padding_mode = pads, padding_mode

    def call(self, inputs):
        return super().call(pad_nd(inputs, self.pads, self.padding_mode))


class PaddedConv1D(PaddedConv, layers.Conv1D):
    """layers.Conv1D with PyTorch's Conv1d padding."""


class PaddedConv2D(PaddedConv, layers.Conv2D):
    """layers.Conv2D with PyTorch's Conv2d padding."""


class PaddedConv3D(PaddedConv, layers.Conv3D):
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


class CroppedConv1DTranspose(CroppedConvTranspose, layers.Conv1DTranspose):
    """layers.Conv1DTranspose with PyTorch's ConvTranspose1d padding."""


class CroppedConv2DTranspose(CroppedConvTranspose, layers.Conv2DTranspose):
    """layers.Conv2DTranspose with PyTorch's ConvTranspose2d padding."""


class CroppedConv3DTranspose(CroppedConvTranspose, layers.Conv3DTranspose):
    """layers.Conv3DTranspose with PyTorch's ConvTranspose3d padding."""
