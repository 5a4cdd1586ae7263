"""PyTorch -> Keras, creation family (functions/creation.py): legacy typed constructors and meshgrid."""
import pytest

from harness import check, expr_case, randn

X, Y = randn(4), randn(3, seed=1)


@pytest.mark.parametrize("expr", [
    "torch.meshgrid(x, y, indexing='ij')",
    "torch.meshgrid(x, y, indexing='xy')",
    "torch.meshgrid([x, y])",
    "torch.stack(torch.meshgrid(torch.arange(3), torch.arange(2)))",
])
def test_meshgrid(expr):
    check(expr_case(expr, "x, y"), inputs=[X, Y], to="keras")


@pytest.mark.parametrize("expr", [
    "x + torch.FloatTensor([1.5, 2.0, -1.0, 0.25])",
    "torch.LongTensor([[1, 2], [3, 4]])",
    "x * 0 + torch.FloatTensor(2, 5).size(1)",   # sizes: the values are PyTorch's uninitialised memory
])
def test_typed_tensor(expr):
    check(expr_case(expr), inputs=[X], to="keras")
