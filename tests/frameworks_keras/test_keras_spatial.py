"""support/spatial.py's interpolate (F.interpolate / nn.Upsample where no Keras UpSampling layer is
exact), against PyTorch."""
import pytest

from harness import check_target, expr_case, layer_case, randn, translate


@pytest.mark.parametrize("e, shape", [
    ("F.interpolate(x, size=(5, 7))", (2, 3, 4, 4)),
    ("F.interpolate(x, size=y.shape[-2:], mode='bilinear', align_corners=False)", (2, 3, 4, 5)),
    ("F.interpolate(x, scale_factor=2.0, mode='bilinear', align_corners=True)", (2, 3, 4, 5)),
    ("F.interpolate(x, scale_factor=1.5, mode='bilinear')", (2, 3, 4, 5)),
    ("F.interpolate(x, scale_factor=0.5, mode='bilinear')", (2, 3, 8, 6)),
    ("F.interpolate(x, size=3, mode='bilinear', align_corners=True)", (2, 3, 7, 5)),
    ("F.interpolate(x, scale_factor=(2, 3), mode='nearest-exact')", (2, 3, 4, 5)),
    ("F.interpolate(x, scale_factor=1.7)", (2, 3, 5, 4)),
    ("F.interpolate(x, size=9, mode='linear')", (2, 3, 4)),
    ("F.interpolate(x, scale_factor=2, mode='linear', align_corners=True)", (2, 3, 4)),
    ("F.interpolate(x, size=(3, 4, 5), mode='trilinear')", (2, 2, 2, 3, 4)),
])
def test_interpolate(e, shape):
    code = expr_case(e, "x, y")
    assert "interpolate(" in translate(code, to="keras").code.split("class Model")[1]
    check_target(code, inputs=[randn(*shape), randn(1, 1, 6, 7, seed=1)], to="keras")


@pytest.mark.parametrize("ctor, shape", [
    ("nn.Upsample(size=(6, 5), mode='bilinear', align_corners=True)", (2, 3, 3, 4)),
    ("nn.Upsample(scale_factor=2, mode='nearest')", (2, 3, 3, 4)),
    ("nn.Upsample(scale_factor=2, mode='bilinear')", (2, 3, 3, 4)),       # layers.UpSampling2D
])
def test_upsample_layer(ctor, shape):
    check_target(layer_case(ctor), inputs=[randn(*shape)], to="keras")
