"""The Gluon target's math, activation and reduction tables where Gluon differs: support functions
taking F (hybrid and imperative files), Gluon's own activation blocks vs nn.HybridLambda, numbers as
operator operands, products of any rank, and what is refused."""
import pytest

import nnport
from harness import body_case, check, expr_case, layer_case, randn


def convert(code: str):
    return nnport.convert(code, to="mxnet", source="torch")


def test_helper_takes_f_in_a_hybrid_file():
    code = convert(expr_case("torch.round(x) + torch.atan2(x, x * 2)")).code
    assert "class Model(gluon.HybridBlock)" in code and "def round_half_even(F, x)" in code
    assert "round_half_even(F, x)" in code and "nd." not in code
    check(expr_case("torch.round(x) + torch.atan2(x, x * 2)"), inputs=[randn(3, 4) * 3], to="mxnet")


def test_helper_gets_nd_in_an_imperative_file():
    """torch.equal needs values (an imperative Block): the helper keeps its F, its caller passes nd."""
    src = expr_case("torch.equal(x, x), torch.round(x * 0 + 2.5), torch.fmax(x, x.log())")
    code = convert(src).code
    assert "class Model(gluon.Block)" in code and "round_half_even(nd, " in code and "fmax(nd, " in code
    assert "def round_half_even(F, x)" in code and "F.where(" in code
    check(src, inputs=[randn(3, 4)], to="mxnet")


@pytest.mark.parametrize("ctor, written", [
    ("nn.GELU()", "nn.GELU()"), ("nn.SiLU()", "nn.Swish()"), ("nn.LeakyReLU(0.2)", "nn.LeakyReLU(0.2)"),
    ("nn.ELU(alpha=0.5)", "nn.ELU(alpha=0.5)"), ("nn.Softplus()", "nn.Activation('softrelu')"),
    ("nn.Sigmoid()", "nn.Activation('sigmoid')"), ("nn.Mish()", "nn.HybridLambda(mish)"),
    ("nn.GELU(approximate='tanh')", "nn.HybridLambda(gelu_tanh)"),
    ("nn.Hardtanh(-2.0, 0.5)", "nn.HybridLambda(lambda F, x: F.clip(x, "),
    ("nn.PReLU(4, init=0.1)", "nn.PReLU(in_channels=4, alpha_initializer=mx.init.Constant(0.1))"),
])
def test_activation_blocks(ctor, written):
    code = convert(layer_case(ctor)).code
    assert written in code, code
    assert "class Model(gluon.HybridBlock)" in code


def test_numbers_stay_operands():
    """A name bound to a number is an operand of an operator (F.broadcast_* takes arrays only)."""
    src = body_case("s = 2.0\nreturn torch.mul(x, s), x.clamp(min=s), torch.add(x, y, alpha=s), torch.pow(x, s)",
                    "x, y")
    code = convert(src).code
    assert "x * s" in code and "F.maximum(x, s)" in code and "F.broadcast_add(x, (s * y))" in code
    check(src, inputs=[randn(3, 4), randn(3, 4, seed=1)], to="mxnet")


@pytest.mark.parametrize("e, shapes", [
    ("x @ y", [(2, 2, 3, 4), (2, 2, 4, 5)]), ("x @ y", [(2, 3, 4), (1, 4, 5)]), ("torch.matmul(x, y)", [(4,), (2, 4, 3)]),
    ("torch.einsum('bhqd,bhkd->bhqk', x, y)", [(2, 2, 3, 4), (2, 2, 5, 4)]),
])
def test_products_of_any_rank_hybridize(e, shapes):
    code = convert(expr_case(e, "x, y")).code
    assert "class Model(gluon.HybridBlock)" in code
    check(expr_case(e, "x, y"), inputs=[randn(*s, seed=i) for i, s in enumerate(shapes)], to="mxnet")


@pytest.mark.parametrize("e, message", [
    ("torch.bitwise_and(x, y)", "bitwise"),
    ("torch.linalg.norm(x, ord=1)", "matrix"),
    ("torch.div(x, y, rounding_mode='ceil')", "rounding_mode"),
    ("F.gelu(x, approximate=self.mode)", "approximate"),
    ("torch.sum(x, 1, dtype=torch.float64)", "dtype"),
])
def test_refused(e, message):
    conv = convert(expr_case(e, "x, y", init="self.mode = 'tanh'"))
    assert any(message in d.message for d in conv.issues), [d.message for d in conv.issues]


def test_hybrid_lambda_in_an_imperative_class():
    """A class that needs values is a gluon.Block; its activation blocks stay nn.HybridLambda (nn.Lambda
    would call their functions without F)."""
    src = layer_case("nn.Sequential(nn.Mish(), nn.Hardtanh(-0.5, 0.5))").replace(
        "return self.layer(x)", "return self.layer(x), torch.equal(x, x)")
    code = convert(src).code
    assert "class Model(gluon.Block)" in code and "nn.HybridLambda(mish)" in code
    assert "nn.HybridLambda(lambda F, x: F.clip(x, " in code, code
    check(src, inputs=[randn(3, 4) * 3], to="mxnet")
