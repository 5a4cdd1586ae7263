"""PyTorch -> Keras, integer-array indexing (skeleton.tensor_index): `x[idx]` with a tensor index is
ops.take along that axis (TensorFlow tensors take no tensor index); other subscripts stay."""
import numpy as np
import pytest

import nnport
from harness import body_case, check, expr_case, randint, randn

X = randn(5, 4, 3)


@pytest.mark.parametrize("expr", [
    "x[i.view(-1)]",
    "x[:, i.flatten() % 4]",
    "x[:, :, torch.argmax(x[0, 0])]",
    "x[torch.arange(3)].sum(0)",
    "x[i.view(-1)].view(2, 3, 4, 3)",
])
def test_tensor_index(expr):
    check(expr_case(expr, "x, i"), inputs=[X, randint(0, 5, 2, 3)], to="keras")


def test_table_lookup_in_a_layer():
    """Swin's relative position bias: a parameter table indexed by a buffer of positions."""
    code = body_case("return self.table[self.index.view(-1)].view(3, 3, -1) + x",
                     init="self.table = nn.Parameter(torch.randn(5, 2)); "
                          "self.register_buffer('index', torch.tensor([[0, 1, 2], [1, 2, 3], [2, 3, 4]]))")
    check(code.replace("; self.register", "\n        self.register"), inputs=[randn(3, 3, 2)], to="keras")


@pytest.mark.parametrize("expr", ["x[m]", "x[1:3, i]", "x[..., 0]"])
def test_other_subscripts_stay(expr):
    code = nnport.convert(expr_case(expr, "x, i, m"), to="keras", source="torch").code
    assert "ops.take" not in code, code
