"""PyTorch -> Keras, operators and subscripts (keras/operators.py), run in both frameworks:
- integer-array indexing: `x[idx]` with a tensor index is ops.take along that axis (TensorFlow tensors
  take no tensor index); other subscripts stay;
- dtype promotion: PyTorch's `int_tensor * 0.5` is a float tensor; TensorFlow's operators refuse the
  mix, so an operation with a side that may be an integer array becomes ops.multiply & co."""
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


Y = randn(6, 5)


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
    "return x * (x > 0), (x < 0) + x, (x == x) * 3.0",
    "m = x > 0.5\nreturn x * m, 2.0 * ~m",
])
def test_int_with_float(body):
    check(body_case(body), inputs=[Y], to="keras")


@pytest.mark.parametrize("expr, kept", [("x * 2.0 + 1", "x * 2.0 + 1"), ("x / x.size(1)", "x / ops.shape(x)[1]")])
def test_float_operators_stay(expr, kept):
    code = nnport.convert(expr_case(expr), to="keras", source="torch").code
    assert f"return {kept}" in code, code


def test_bool_operand_promotes():
    """`x * (y > 0)`: TensorFlow's `*` would cast x to bool; ops.multiply promotes as PyTorch does."""
    code = nnport.convert(expr_case("x * (x > 0)"), to="keras", source="torch").code
    assert "return ops.multiply(x, x > 0)" in code, code


def test_float_result_names_stay_operators():
    """`d = deg.pow(-0.5)`: a float (int ** float), so `d * x` keeps its operator (and runs)."""
    src = body_case("deg = x.sum(-1)\nd = deg ** -0.5\nreturn d.unsqueeze(-1) * x")
    code = nnport.convert(src, to="keras", source="torch").code
    assert "return ops.expand_dims(d, -1) * x" in code, code
    check(src, inputs=[abs(Y) + 0.1], to="keras")


@pytest.mark.parametrize("body", [
    "return x.index_select(0, i) + x[i]",
    "y = x.index_add(1, i, x[:, :2])\nreturn y[:, i]",
])
def test_index_names(body):
    """`x[i]` where the function also passes i as an index (index_select, index_add): ops.take."""
    src = body_case(body, "x, i")
    code = nnport.convert(src, to="keras", source="torch").code
    assert "[i]" not in code, code
    check(src, inputs=[X, randint(0, 4, 2)], to="keras")


def test_other_names_stay():
    """A mask, a Python int and a list subscript stay, beside an index name (i)."""
    src = body_case("m = x > 0\nout = [x.index_select(0, i)]\nreturn x[m], x[2], out[0]", "x, i")
    code = nnport.convert(src, to="keras", source="torch").code
    assert "x[m], x[2], out[0]" in code, code
