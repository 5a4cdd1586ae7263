"""frameworks/mxnet/operators.py, the unary `~` (and `&`, `|`, `^` of masks): NDArray and Symbol have no `~`, so `~mask` of an
array is F.logical_not(mask) (MXNet holds a mask as 1/0 floats, as its comparisons make it), in
hybrid and imperative files, inside a mask subscript too; `~n` of a Python int stays. The masks here
are made in the model from float inputs (a bool argument is cast first: see test_bool_inputs.py)."""
import pytest

import nnport
from harness import body_case, check, randn


def convert(code: str) -> str:
    conv = nnport.convert(code, to="mxnet", source="torch")
    assert not conv.issues, conv.issues
    return conv.code


@pytest.mark.parametrize("before, after", [
    ("mask = y > 0.2\nreturn x.masked_fill(~mask, 0.0)", "F.logical_not(mask)"),
    ("return torch.where(~(x > 0), x, y * 2)", "F.logical_not(x > 0)"),
    ("k = 3\nreturn x * ~k + y", "x * ~k"),
])
def test_invert_of_an_array_is_logical_not_in_a_hybrid_file(before, after):
    code = _hybrid_and_equal(before, after)
    assert "~mask" not in code and "~(x > 0)" not in code


def _hybrid_and_equal(before: str, after: str) -> str:
    """The forward `before` written with `after` in a HybridBlock, PyTorch's numbers; the code."""
    src = body_case(before, "x, y")
    code = convert(src)
    assert "class Model(gluon.HybridBlock)" in code and after in code, code
    check(src, inputs=[randn(3, 4), randn(3, 4, seed=1)], to="mxnet")
    return code


def test_invert_of_a_mask_in_an_imperative_file():
    """`x.shape` makes the Block imperative: nd.logical_not, same numbers."""
    src = body_case("b, n = x.shape\nm = (y < 0).unsqueeze(1)\nreturn x.view(b, 1, n).masked_fill(~m, -1.0)", "x, y")
    code = convert(src)
    assert "class Model(gluon.Block)" in code and "nd.logical_not(m)" in code, code
    check(src, inputs=[randn(3, 4), randn(3, 4, seed=1)], to="mxnet")


def test_invert_inside_a_mask_subscript_stays_a_mask():
    """`x[~(x > 0)]` selects elements: the key is still read as a mask (not integer indices)."""
    src = body_case("return x[~(x > 0)] * 2")
    code = convert(src)
    assert "masked_rows(x, nd.logical_not(x > 0))" in code, code
    check(src, inputs=[randn(3, 4)], to="mxnet")


def test_bitwise_not_of_an_inverted_mask():
    src = body_case("return torch.bitwise_not(~(x > 0)).float()")
    assert "F.logical_not(F.logical_not(x > 0))" in convert(src)
    check(src, inputs=[randn(3, 4)], to="mxnet")


def test_invert_in_the_constructor_of_arrays_only():
    """Constructor arguments are numbers: `~n` stays; `~` of a tensor built there is nd.logical_not."""
    src = body_case("return x.masked_fill(self.upper, 0.0) * self.lower + self.k").replace(
        "def __init__(self):", "def __init__(self, n=4):").replace(
        "        pass\n", "        self.register_buffer('upper', ~(torch.tril(torch.ones(n, n)) > 0))\n"
        "        self.register_buffer('lower', ~torch.isnan(torch.ones(n, n)))\n        self.k = ~n\n", 1)
    code = convert(src)
    assert "self.k = ~n" in code and "nd.logical_not(tril(nd, nd.ones((n, n))) > 0)" in code, code
    assert "nd.logical_not(nd.ones((n, n)) != nd.ones((n, n)))" in code
    check(src, inputs=[randn(4, 4)], to="mxnet")


@pytest.mark.parametrize("before, after", [
    ("return x.masked_fill((x > 0) & (y < 0), 0.0)", "F.broadcast_logical_and(x > 0, y < 0)"),
    ("return ((x > 0) | ~(y > 0)).float() + y", "F.broadcast_logical_or(x > 0, F.logical_not(y > 0))"),
    ("return ((x > 0) ^ (y > 0)).float()", "F.broadcast_logical_xor(x > 0, y > 0)"),
])
def test_and_or_xor_of_masks_are_logical(before, after):
    _hybrid_and_equal(before, after)


def test_and_of_other_arrays_stays():
    """`a & b` of two plain arrays may be the bitwise and of integers: not rewritten."""
    assert "x & y" in nnport.convert(body_case("return x & y", "x, y"), to="mxnet", source="torch").code
