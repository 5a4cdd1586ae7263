"""Pooling layers and functions: MaxPoolNd, AvgPoolNd, AdaptiveAvg/MaxPoolNd, F.*pool*."""
import pytest

import nnport
from harness import check, expr_case, layer_case, randn


@pytest.mark.parametrize("ctor, shape", [
    ("nn.MaxPool2d(2)", (2, 3, 8, 9)),
    ("nn.MaxPool2d(3, 2, 1)", (2, 3, 8, 9)),
    ("nn.MaxPool2d(3, stride=2, padding=1, dilation=2, ceil_mode=True)", (2, 3, 9, 10)),
    ("nn.MaxPool2d((2, 3), stride=(2, 1), ceil_mode=True)", (2, 3, 7, 9)),
    ("nn.MaxPool1d(3, 2, dilation=2)", (2, 3, 12)),
    ("nn.MaxPool3d(2, padding=1)", (1, 2, 5, 4, 6)),
    ("nn.AvgPool2d(2)", (2, 3, 8, 9)),
    ("nn.AvgPool2d(3, 2, 1)", (2, 3, 8, 9)),
    ("nn.AvgPool2d(3, 2, 1, count_include_pad=False)", (2, 3, 8, 9)),
    ("nn.AvgPool2d(3, 2, 1, ceil_mode=True)", (2, 3, 8, 9)),
    ("nn.AvgPool2d(3, 2, 1, ceil_mode=True, count_include_pad=False)", (2, 3, 8, 9)),
    ("nn.AvgPool2d(4, 3, 2, ceil_mode=True)", (2, 3, 9, 10)),
    ("nn.AvgPool2d(3, 2, 1, divisor_override=4)", (2, 3, 8, 9)),
    ("nn.AvgPool1d(3, 2, 1, ceil_mode=True)", (2, 3, 10)),
    ("nn.AvgPool3d((2, 1, 2), padding=(1, 0, 0), count_include_pad=False)", (1, 2, 5, 4, 6)),
    ("nn.AdaptiveAvgPool2d(1)", (2, 3, 5, 5)),
    ("nn.AdaptiveAvgPool2d((3, 4))", (2, 3, 7, 9)),
    ("nn.AdaptiveAvgPool2d((3, None))", (2, 3, 7, 5)),
    ("nn.AdaptiveAvgPool1d(4)", (2, 3, 8)),        # divisible: reshape + mean
    ("nn.AdaptiveAvgPool3d((2, 3, 1))", (1, 2, 5, 4, 3)),
    ("nn.AdaptiveMaxPool1d(3)", (2, 3, 7)),
    ("nn.AdaptiveMaxPool2d((1, 1))", (2, 3, 7, 5)),
    ("nn.AdaptiveMaxPool3d(2)", (1, 2, 5, 4, 3)),
    ("nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.MaxPool2d(2, ceil_mode=True),"
     " nn.AvgPool2d(2, padding=1), nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten())", (2, 3, 11, 11)),
])
def test_layer(ctor, shape):
    check(layer_case(ctor), inputs=[randn(*shape)])


@pytest.mark.parametrize("expr, shape", [
    ("F.max_pool2d(x, 2)", (2, 3, 8, 9)),
    ("F.max_pool2d(x, 3, 2, 1, ceil_mode=True)", (2, 3, 8, 9)),
    ("F.max_pool2d(x, kernel_size=3, stride=1, dilation=2)", (2, 3, 8, 9)),
    ("F.max_pool1d(x, 2)", (2, 3, 9)),
    ("F.max_pool3d(x, 2, ceil_mode=True)", (1, 2, 5, 4, 3)),
    ("F.avg_pool2d(x, 3, 2, 1, count_include_pad=False)", (2, 3, 8, 9)),
    ("F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, divisor_override=2)", (2, 3, 8, 9)),
    ("F.avg_pool1d(x, 4, 3, 2, ceil_mode=True)", (2, 3, 11)),
    ("F.avg_pool3d(x, 2)", (1, 2, 5, 4, 3)),
    ("F.adaptive_avg_pool2d(x, 1)", (2, 3, 8, 9)),
    ("F.adaptive_avg_pool2d(x, (3, 2))", (2, 3, 8, 9)),
    ("F.adaptive_avg_pool1d(x, 3)", (2, 3, 8)),
    ("F.adaptive_avg_pool3d(x, (1, 2, None))", (1, 2, 5, 4, 3)),
    ("F.adaptive_max_pool2d(x, (3, 2))", (2, 3, 8, 9)),
    ("F.adaptive_max_pool1d(x, 1)", (2, 3, 8)),
    ("F.max_pool2d(x, 2)", (3, 8, 9)),              # unbatched (C, H, W)
])
def test_functional(expr, shape):
    check(expr_case(expr), inputs=[randn(*shape)])


@pytest.mark.target("flax")
@pytest.mark.parametrize("src, message", [
    (layer_case("nn.MaxPool2d(2, return_indices=True)"), "return_indices"),
    (layer_case("nn.AdaptiveMaxPool2d(2, return_indices=True)"), "return_indices"),
    (expr_case("F.max_pool2d(x, 2, return_indices=True)"), "return_indices"),
    (layer_case("nn.MaxPool2d(2, padding=p)", prelude="p = 1"), "padding"),
])
def test_unsupported(src, message):
    issues = nnport.convert(src, to="flax", source="torch").issues
    assert any(message in d.message for d in issues), [d.message for d in issues]
