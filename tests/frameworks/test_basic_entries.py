"""Numerical tests of the first table entries: Linear, Conv{1,2,3}d, ReLU, Flatten, view/reshape."""
import pytest

from harness import check, expr_case, layer_case, randn


@pytest.mark.parametrize("ctor, shape", [
    ("nn.Linear(6, 4)", (3, 6)),
    ("nn.Linear(6, 4, bias=False)", (2, 5, 6)),
    ("nn.Conv1d(3, 5, 3)", (2, 3, 9)),
    ("nn.Conv2d(3, 6, 3, stride=2, padding=1)", (2, 3, 9, 9)),
    ("nn.Conv2d(4, 8, (3, 1), padding=(1, 0), dilation=(2, 1), groups=2, bias=False)", (2, 4, 9, 7)),
    ("nn.Conv2d(3, 4, 3, padding='same')", (2, 3, 8, 8)),
    ("nn.Conv2d(3, 4, 3, padding='valid')", (2, 3, 8, 8)),
    ("nn.Conv2d(3, 4, 3, padding=1, padding_mode='circular')", (2, 3, 8, 8)),
    ("nn.Conv3d(2, 3, 3, padding=1)", (1, 2, 5, 6, 7)),
    ("nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Flatten())", (2, 3, 6, 6)),
    ("nn.Flatten()", (2, 3, 4, 5)),
    ("nn.ReLU()", (2, 7)),
])
def test_layer(ctor, shape):
    check(layer_case(ctor), inputs=[randn(*shape)])


@pytest.mark.parametrize("expr", [
    "F.relu(x)", "torch.relu(x)", "x.relu()", "x.view(2, -1)", "x.view(-1)", "x.reshape(3, 2, -1)",
    "torch.reshape(x, (2, -1))", "torch.flatten(x, 1)", "x.flatten(1)", "x.flatten()",
])
def test_expr(expr):
    check(expr_case(expr), inputs=[randn(2, 3, 4)])


@pytest.mark.target("flax")
def test_view_with_a_dtype_is_reported_not_reshaped():
    import nnport
    conv = nnport.convert(expr_case("x.view(torch.int32)"), to="flax")
    assert any("reinterprets the bits" in d.message for d in conv.issues), conv.code
