"""PyTorch -> Keras, dtype promotion of Python operators (skeleton.may_be_int / promoting_operation):
PyTorch's `int_tensor * 0.5` is a float tensor; TensorFlow's operators refuse the mix, so an operation
with a side that may be an integer array becomes ops.multiply & co. (which promote like PyTorch)."""
import pytest

import nnport
from harness import body_case, check, expr_case, randn

X = randn(6, 5)


@pytest.mark.parametrize("body", [
    "return torch.arange(5) * 0.5 + x",
    "return torch.exp(torch.arange(0, 10, 2) * (-math.log(10000.0) / 10)) * x",
    "p = torch.arange(6).unsqueeze(1)\nreturn torch.sin(p * x)",
    "p = torch.arange(6).unsqueeze(1)\nd = torch.exp(torch.arange(5) * -0.1)\nreturn torch.cos(p * d) + x",
    "return x.sum(-1) / (x > 0).sum(-1).clamp(min=1)",
    "return torch.arange(5) / 2 + x",
    "return torch.argmax(x, -1) * 1.5",
    "return torch.arange(7) // 2, torch.arange(7) % 3, torch.arange(7) - 2",
    "i = torch.arange(5)\nreturn x - i, i ** 2",
])
def test_int_with_float(body):
    check(body_case(body), inputs=[X], to="keras")


@pytest.mark.parametrize("expr, kept", [("x * 2.0 + 1", "x * 2.0 + 1"), ("x / x.size(1)", "x / ops.shape(x)[1]")])
def test_float_operators_stay(expr, kept):
    code = nnport.convert(expr_case(expr), to="keras", source="torch").code
    assert f"return {kept}" in code, code
