"""Upsample/interpolate, padding layers and F.pad, pixel (un)shuffle, Unflatten, Identity, Flatten."""
import pytest

import nnport
from harness import check, expr_case, layer_case, randn


@pytest.mark.parametrize("ctor, shape", [
    ("nn.Upsample(scale_factor=2)", (2, 3, 4, 5)),
    ("nn.Upsample(scale_factor=1.5)", (2, 3, 5, 7)),             # float32 1/scale index rule
    ("nn.Upsample(size=(7, 9), mode='nearest-exact')", (2, 3, 4, 5)),
    ("nn.Upsample(size=(7, 9), mode='bilinear', align_corners=True)", (2, 3, 4, 5)),
    ("nn.Upsample(size=(3, 9), mode='bilinear')", (2, 3, 8, 5)),  # down in H, up in W
    ("nn.Upsample(scale_factor=(2, 3), mode='bilinear')", (2, 3, 4, 5)),
    ("nn.Upsample(scale_factor=3, mode='linear')", (2, 3, 5)),
    ("nn.Upsample(scale_factor=1.5, mode='trilinear', align_corners=True)", (1, 2, 4, 5, 3)),
    ("nn.UpsamplingNearest2d(size=(6, 11))", (2, 3, 4, 5)),
    ("nn.UpsamplingBilinear2d(scale_factor=2)", (2, 3, 4, 5)),
    ("nn.ZeroPad2d(1)", (2, 3, 4, 5)),
    ("nn.ZeroPad1d((1, 3))", (2, 3, 4)),
    ("nn.ConstantPad1d(2, 1.5)", (2, 3, 5)),
    ("nn.ConstantPad3d((1, 0, 2, 1, 0, 1), -2.0)", (1, 2, 3, 4, 5)),
    ("nn.ReflectionPad2d((1, 2, 0, 3))", (2, 3, 5, 6)),
    ("nn.ReflectionPad1d(2)", (2, 3, 5)),
    ("nn.ReplicationPad3d(1)", (1, 2, 3, 4, 5)),
    ("nn.ReplicationPad2d((2, 0, 1, 1))", (2, 3, 4, 5)),
    ("nn.CircularPad2d((1, 0, 2, 1))", (2, 3, 4, 5)),
    ("nn.CircularPad1d(2)", (2, 3, 5)),
    ("nn.PixelShuffle(2)", (2, 8, 3, 4)),
    ("nn.PixelShuffle(3)", (1, 18, 2, 3)),
    ("nn.PixelUnshuffle(2)", (2, 2, 4, 6)),
    ("nn.Unflatten(1, (2, 3))", (2, 6, 4)),
    ("nn.Unflatten(-1, (2, -1))", (2, 6, 4)),
    ("nn.Unflatten(-2, (3, 2))", (2, 6, 4)),
    ("nn.Identity()", (2, 3)),
    ("nn.Identity(3, 4)", (2, 3)),
    ("nn.Flatten(2)", (2, 3, 4, 5)),
    ("nn.Flatten(1, 2)", (2, 3, 4, 5)),
    ("nn.Flatten(0, -2)", (2, 3, 4, 5)),
    ("nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Upsample(scale_factor=2),"
     " nn.PixelShuffle(2), nn.Identity())", (2, 3, 6, 6)),
])
def test_layer(ctor, shape):
    check(layer_case(ctor), inputs=[randn(*shape)])


PADS = {"ZeroPad": "", "ConstantPad": ", 1.5", "ReflectionPad": "", "ReplicationPad": "", "CircularPad": ""}
PAD_SHAPES = {1: (2, 3, 5), 2: (2, 3, 4, 5), 3: (1, 2, 3, 4, 5)}


@pytest.mark.parametrize("n", PAD_SHAPES)
@pytest.mark.parametrize("kind", PADS)
def test_padding_layers(kind, n):
    """Every padding layer of the table, asymmetric (left, right) per spatial axis."""
    padding = tuple(p for axis in range(n) for p in (1 + axis % 2, 2 - axis % 2))
    check(layer_case(f"nn.{kind}{n}d({padding}{PADS[kind]})"), inputs=[randn(*PAD_SHAPES[n])])


@pytest.mark.parametrize("expr, shape", [
    ("F.interpolate(x, scale_factor=2)", (2, 3, 4, 5)),
    ("F.interpolate(x, scale_factor=2, mode='bilinear', align_corners=False)", (2, 3, 4, 5)),
    ("F.interpolate(x, size=(5, 13))", (2, 3, 4, 5)),
    ("F.interpolate(x, size=7, mode='linear', align_corners=True)", (2, 3, 5)),
    ("F.interpolate(x, scale_factor=0.5, mode='bilinear')", (2, 3, 8, 6)),
    ("F.pad(x, (1, 2, 3, 0), mode='reflect')", (2, 3, 5, 6)),
    ("F.pad(x, (1, 2))", (2, 3, 5, 6)),
    ("F.pad(x, (1, 2), value=2.0)", (2, 5)),
    ("F.pad(x, [2, 2, 1, 1], mode='replicate')", (2, 3, 5, 6)),
    ("F.pad(x, (1, 1, 2, 0, 0, 1), mode='circular')", (1, 2, 3, 4, 5)),
    ("F.pad(x + 1, (1, 2, 0, 1), mode='reflect')", (2, 3, 5, 6)),       # an expression: a helper
    ("F.pad(torch.tanh(x), (2, 1), value=-1.0)", (2, 3, 5)),
    ("F.pixel_shuffle(x, 2)", (2, 8, 3, 4)),
    ("torch.pixel_shuffle(x, 2)", (2, 8, 3, 4)),
    ("F.pixel_unshuffle(x, 2)", (2, 2, 4, 6)),
    ("torch.pixel_unshuffle(x, 3)", (1, 2, 6, 3)),
])
def test_functional(expr, shape):
    check(expr_case(expr), inputs=[randn(*shape)])


def test_pad_with_variables():
    check(expr_case("F.pad(x, (p, p + 1))", init="pass").replace("def forward(self, x):",
                                                                  "def forward(self, x, p=1):"),
          inputs=[randn(2, 3, 5)])


@pytest.mark.target("flax")
@pytest.mark.parametrize("src, message", [
    (layer_case("nn.Upsample(scale_factor=2, mode='bicubic')"), "bicubic"),
    (layer_case("nn.Upsample(scale_factor=1.5, recompute_scale_factor=True)"), "recompute_scale_factor"),
    (expr_case("F.interpolate(x, scale_factor=0.5, mode='bilinear', antialias=True)"), "antialias"),
    (expr_case("F.pad(x, (-1, 1))"), "negative"),
    (expr_case("F.pad(x, (1, 1), mode=m)").replace("forward(self, x)", "forward(self, x, m)"), "mode"),
])
def test_unsupported(src, message):
    issues = nnport.convert(src, to="flax", source="torch").issues
    assert any(message in d.message for d in issues), [d.message for d in issues]
