"""support/conv.py (PaddedConvND, torch_pads), numerically against PyTorch: a padding known only when
the model is built (a constructor argument) in each of PyTorch's forms, and padding modes."""
import textwrap

import pytest

from harness import check_target, layer_case, randn, translate


def conv_case(padding, conv: str = "nn.Conv2d(3, 4, k, stride=s, padding=padding, dilation=d{extra})",
              extra: str = "") -> str:
    return textwrap.dedent(f"""\
        import torch
        import torch.nn as nn

        class Model(nn.Module):
            def __init__(self, k=3, s=1, d=1, padding={padding!r}):
                super().__init__()
                self.conv = {conv.format(extra=extra)}

            def forward(self, x):
                return self.conv(x)
        """)


@pytest.mark.parametrize("init, padding, extra", [
    ((3, 1, 1), 1, ""),
    ((3, 2, 1), (2, 1), ""),
    ((4, 1, 1), "same", ""),          # even kernel: PyTorch pads one less before than after
    ((3, 1, 2), "same", ""),
    ((3, 2, 1), "valid", ""),
    ((5, 1, 1), 2, ", padding_mode='reflect'"),
    ((3, 1, 1), (1, 2), ", padding_mode='circular'"),
])
def test_padding_known_at_run_time(init, padding, extra):
    code = conv_case(padding, extra=extra)
    assert "PaddedConv2D" in translate(code, to="keras").code
    check_target(code, init=init, inputs=[randn(2, 3, 9, 8)], to="keras")


@pytest.mark.parametrize("ctor, shape", [
    # output width == channel count: where Keras's TensorFlow ops.add takes the bias for an NHWC one
    ("nn.Conv1d(3, 6, 3)", (2, 3, 8)),
    ("nn.Conv2d(3, 4, 3, stride=2)", (2, 3, 13, 10)),
    ("nn.Conv2d(3, 4, 3, padding=1)", (2, 3, 5, 4)),
    ("nn.Conv2d(3, 4, 3, padding=(1, 2))", (2, 3, 5, 2)),
    ("nn.Conv3d(2, 3, 2)", (2, 2, 3, 4, 4)),
    ("nn.Conv2d(4, 4, 3, groups=4, padding=1)", (2, 4, 5, 4)),
    ("nn.ConvTranspose1d(3, 5, 2)", (2, 3, 4)),
    ("nn.ConvTranspose2d(3, 4, 2, stride=2)", (2, 3, 3, 2)),
    ("nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1, output_padding=1)", (2, 3, 3, 2)),
])
def test_bias_on_the_channel_axis(ctor, shape):
    check_target(layer_case(ctor), inputs=[randn(*shape)], to="keras")


def test_no_bias_keeps_the_keras_layer():
    assert "layers.Conv2D(" in translate(layer_case("nn.Conv2d(3, 4, 3, bias=False)"), to="keras").code


@pytest.mark.parametrize("ctor, shape", [
    ("nn.ConvTranspose1d(3, 4, 3, stride=2, dilation=2)", (2, 3, 7)),
    ("nn.ConvTranspose2d(3, 4, 3, stride=(2, 1), dilation=(2, 3), output_padding=(1, 0))", (2, 3, 5, 6)),
    ("nn.ConvTranspose2d(3, 4, 2, stride=3, padding=(1, 2), dilation=2)", (2, 3, 4, 5)),   # stride > span
    ("nn.ConvTranspose3d(2, 3, 2, stride=2, padding=1, dilation=(1, 2, 1), bias=False)", (1, 2, 3, 4, 3)),
])
def test_strided_dilated_conv_transpose(ctor, shape):
    """support/conv.py's DilatedConvNDTranspose: Keras's layers refuse stride > 1 with dilation > 1."""
    code = layer_case(ctor)
    assert "DilatedConv" in translate(code, to="keras").code
    check_target(code, inputs=[randn(*shape)], to="keras")
