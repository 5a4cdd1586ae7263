"""PyTorch -> Keras, tensor family (functions/tensor.py): split and chunk, whose helpers call one another
(support/tensor.py: chunk -> split_sizes; the translator copies both)."""
import pytest

from harness import check, expr_case, randn

X = randn(2, 7, 3)


@pytest.mark.parametrize("expr", [
    "torch.chunk(x, 2, dim=1)",
    "x.chunk(3, dim=-2)",
    "torch.split(x, 3, dim=1)",
    "x.split([2, 5], dim=1)",
])
def test_split_chunk(expr):
    check(expr_case(expr), inputs=[X], to="keras")
