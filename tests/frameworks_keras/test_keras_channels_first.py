"""The Keras layers the translation uses with data_format="channels_first", checked on this machine's
TensorFlow backend (CPU) against PyTorch, at sizes where a channels-last guess would go wrong
(last spatial size == channel count)."""
import pytest

from harness import check_target, layer_case, randn


@pytest.mark.parametrize("ctor, shape", [
    ("nn.Conv1d(3, 5, 3, stride=2)", (2, 3, 11)),
    ("nn.Conv3d(2, 3, 3, padding=1)", (2, 2, 4, 3, 3)),
    ("nn.Conv2d(4, 4, 3, groups=2, bias=False)", (2, 4, 6, 4)),
    ("nn.ConvTranspose3d(2, 3, 2, stride=2)", (2, 2, 2, 3, 2)),
    ("nn.MaxPool1d(2)", (2, 3, 6)),
    ("nn.MaxPool3d(2)", (2, 3, 4, 6, 6)),
    ("nn.AvgPool3d((1, 2, 2))", (2, 3, 2, 4, 6)),
    ("nn.AvgPool1d(3, stride=2)", (2, 3, 9)),
    ("nn.AdaptiveAvgPool3d(1)", (2, 3, 2, 3, 3)),
    ("nn.AdaptiveMaxPool1d(1)", (2, 3, 5)),
    ("nn.Upsample(scale_factor=2)", (2, 3, 2, 3, 3)),
    ("nn.Upsample(scale_factor=(1, 2), mode='nearest')", (2, 3, 2, 3)),
    ("nn.ZeroPad2d((1, 2, 0, 3))", (2, 3, 4, 3)),
    ("nn.ReflectionPad1d(2)", (2, 3, 5)),
    ("nn.ReplicationPad3d(1)", (2, 2, 2, 3, 2)),
    ("nn.BatchNorm3d(3)", (2, 3, 2, 3, 3)),
    ("nn.GroupNorm(2, 4)", (2, 4, 3, 4)),
])
def test_channels_first_layer(ctor, shape):
    check_target(layer_case(ctor), inputs=[randn(*shape)], to="keras")
