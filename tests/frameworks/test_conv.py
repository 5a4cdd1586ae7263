"""Convolutions: padding modes of ConvNd, ConvTransposeNd, F.convNd / F.conv_transposeNd."""
import pytest

import nnport
from harness import check, expr_case, layer_case, randn


@pytest.mark.parametrize("ctor, shape", [
    ("nn.Conv2d(3, 4, 3, padding=1, padding_mode='reflect')", (2, 3, 8, 8)),         # nnx 'REFLECT'
    ("nn.Conv2d(3, 4, 3, padding=(2, 1), dilation=2, padding_mode='reflect')", (2, 3, 9, 9)),
    ("nn.Conv1d(3, 4, 4, stride=2, padding=2, padding_mode='reflect')", (2, 3, 11)),
    ("nn.Conv2d(3, 4, 3, padding=2, padding_mode='replicate', bias=False)", (2, 3, 7, 8)),
    ("nn.Conv3d(2, 4, 3, padding=1, padding_mode='replicate', groups=2)", (1, 2, 5, 4, 6)),
    ("nn.Conv2d(3, 4, 3, padding=2, padding_mode='circular')", (2, 3, 8, 8)),          # not centred
    ("nn.Conv2d(3, 4, 3, padding=(1, 0), padding_mode='circular')", (2, 3, 8, 8)),
    ("nn.Conv2d(3, 4, 3, padding=0, padding_mode='reflect')", (2, 3, 8, 8)),
    ("nn.Sequential(nn.Conv2d(3, 4, 3, padding=1, padding_mode='replicate'), nn.ReLU())", (2, 3, 6, 6)),
    ("nn.Sequential(nn.ReLU(), nn.Conv2d(3, 4, 3, padding=2, padding_mode='reflect'))", (2, 3, 6, 6)),
    ("nn.ConvTranspose2d(3, 4, 3)", (2, 3, 5, 5)),
    ("nn.ConvTranspose2d(3, 4, (3, 2), stride=2, padding=1, output_padding=1, dilation=(1, 2), bias=False)",
     (2, 3, 5, 6)),
    ("nn.ConvTranspose1d(3, 4, 4, stride=3, padding=3)", (2, 3, 7)),
    ("nn.ConvTranspose1d(3, 2, 2, padding=2)", (2, 3, 9)),                               # negative lax pad
    ("nn.ConvTranspose3d(2, 3, 3, stride=2, padding=1, output_padding=(1, 0, 1))", (1, 2, 3, 4, 3)),
    ("nn.Sequential(nn.ConvTranspose2d(3, 4, 2, stride=2), nn.ReLU(), nn.Conv2d(4, 2, 3))", (2, 3, 4, 4)),
    # output width == channels: Keras's TensorFlow ops.add would put the bias on the width axis
    ("nn.Conv2d(3, 4, 3)", (2, 3, 6, 6)),
    ("nn.Conv1d(3, 5, 1)", (2, 3, 5)),
    ("nn.ConvTranspose2d(3, 4, 3, padding=1)", (2, 3, 5, 4)),
])
def test_layer(ctor, shape):
    check(layer_case(ctor), inputs=[randn(*shape)])


W2 = "self.w = nn.Parameter(torch.randn(6, 2, 3, 3))\n                self.b = nn.Parameter(torch.randn(6))"
W1 = "self.w = nn.Parameter(torch.randn(4, 4, 3))"
W3 = "self.w = nn.Parameter(torch.randn(3, 4, 2, 3, 1))"
WT = "self.w = nn.Parameter(torch.randn(4, 3, 3, 2))\n                self.b = nn.Parameter(torch.randn(3))"
WT1 = "self.w = nn.Parameter(torch.randn(4, 2, 3))"
WT3 = "self.w = nn.Parameter(torch.randn(2, 3, 3, 2, 2))\n                self.b = nn.Parameter(torch.randn(3))"


@pytest.mark.parametrize("expr, init, shape", [
    ("F.conv2d(x, self.w, None, 2, 1, 1, 2)", W2, (2, 4, 8, 9)),
    ("F.conv2d(x, self.w, self.b, padding='same', dilation=2, groups=2)", W2, (2, 4, 8, 9)),
    ("F.conv2d(x, self.w, bias=self.b, padding=(0, 1))", W2.replace("6, 2", "6, 4"), (2, 4, 8, 9)),
    ("F.conv1d(x, self.w, stride=2, padding='valid')", W1, (2, 4, 10)),
    ("F.conv3d(x, self.w, padding=1)", W3, (1, 4, 4, 5, 3)),
    ("F.conv_transpose2d(x, self.w, self.b, stride=2, padding=1, output_padding=1)", WT, (2, 4, 5, 6)),
    ("F.conv_transpose1d(x, self.w, dilation=2, padding=1)", WT1, (2, 4, 7)),
    ("F.conv_transpose3d(x, self.w, self.b, stride=(2, 1, 2), padding=(1, 0, 1), output_padding=(1, 0, 0))",
     WT3, (1, 2, 3, 4, 3)),
])
def test_functional(expr, init, shape):
    check(expr_case(expr, init=init), inputs=[randn(*shape)])


@pytest.mark.target("flax")
@pytest.mark.parametrize("src, message", [
    (layer_case("nn.Conv2d(3, 4, 3, padding=p, padding_mode='reflect')", prelude="p = 1"), "padding_mode"),
    (expr_case("F.conv_transpose2d(x, self.w, groups=2)", init=WT), "groups"),
])
def test_unsupported(src, message):
    issues = nnport.convert(src, to="flax", source="torch").issues
    assert any(message in d.message for d in issues), [d.message for d in issues]
