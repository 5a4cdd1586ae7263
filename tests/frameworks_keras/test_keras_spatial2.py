"""support/spatial2.py (unfold, fold, grid_sample) and support/spatial.py's channel_shuffle and
unfold_dim beyond the entry tests, against PyTorch: windows that skip input, and flatten of the batch axis."""
import pytest

from harness import check_target, expr_case, layer_case, randn, translate


@pytest.mark.parametrize("e, shape", [
    ("F.unfold(x, (1, 2), stride=3)", (2, 3, 7, 8)),                          # stride > kernel: gaps
    ("F.fold(x, 7, 2, stride=3)", (2, 12, 4)),                                 # int sizes; rows never written
    ("F.fold(F.unfold(x, 3, padding=1, stride=2), (7, 8), 3, padding=1, stride=2)", (2, 3, 7, 8)),
    ("x.unfold(0, 2, 3)", (8,)),
    ("torch.channel_shuffle(x, 4)", (2, 8, 1, 2, 3)),                          # three spatial axes
    ("F.grid_sample(x, y, mode='nearest', padding_mode='border')", (2, 3, 5, 6)),
])
def test_helpers(e, shape):
    code = expr_case(e, "x, y")
    assert "nnport" not in translate(code, to="keras").code.replace("# nnport", "")
    check_target(code, inputs=[randn(*shape), 1.3 * randn(2, 4, 3, 2, seed=1)], to="keras")


@pytest.mark.parametrize("ctor, shape", [
    ("nn.Flatten(0, -1)", (2, 3, 4)),
    ("nn.Flatten(0, 1)", (2, 3, 4, 5)),
    ("nn.Sequential(nn.Unfold(2, stride=2), nn.Flatten(0, 1))", (2, 3, 4, 4)),
])
def test_flatten_batch_axis(ctor, shape):
    check_target(layer_case(ctor), inputs=[randn(*shape)], to="keras")
