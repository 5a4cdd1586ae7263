"""PyTorch's lazy modules to Keras, whose layers are sized by their first call too: nn.LazyLinear(4)
is layers.Dense(4). Numerically against PyTorch (the torch model is run once first, so that its
parameters exist before the weight copy)."""
import pytest

from harness import check_target, layer_case, randn

CASES = [
    ("nn.LazyLinear(4)", (2, 3, 5)),
    ("nn.LazyConv1d(4, 3)", (2, 3, 9)),
    ("nn.LazyConv2d(4, 3, padding=1)", (2, 3, 6, 6)),
    ("nn.LazyConv3d(4, 1)", (2, 3, 4, 4, 4)),
    ("nn.LazyBatchNorm1d()", (4, 3, 5)),
    ("nn.LazyBatchNorm2d()", (4, 3, 5, 5)),
    ("nn.LazyBatchNorm3d()", (4, 3, 2, 3, 3)),
]


@pytest.mark.parametrize("ctor, shape", CASES)
def test_lazy_module(ctor, shape):
    check_target(layer_case(ctor), inputs=[randn(*shape)], train="BatchNorm" in ctor, to="keras")
