"""Numerical tests: creation functions of torch/functions/creation.py, dtype kinds of the creation
entries of tensor.py (the harness compares values only), and unsupported uses."""
import numpy as np
import pytest

import nnport
import round_trip
from harness import build, expr_case, forward, randn, target
from test_shape import check_typed


@pytest.mark.parametrize("expr", [
    "torch.tril_indices(3, 3)", "torch.tril_indices(3, 5, 1)", "torch.triu_indices(4, 3, -1)",
    "torch.triu_indices(3, 3, offset=1)", "torch.tril_indices(3, 4, dtype=torch.int32)",
    "torch.logspace(0, 2, 5)", "torch.logspace(-1.0, 1.0, steps=4, base=2.0)",
    "torch.logspace(0, 1, 3, dtype=torch.float64)",
    "torch.block_diag(x, x[:1, :2])", "torch.block_diag(x[0], x)", "torch.block_diag(x.long(), x.long()[:1])",
    "torch.cartesian_prod(x[0], x[1, :2])", "torch.cartesian_prod(x[0])",
    "torch.cartesian_prod(x[0, :2], x[1, :2], x[0, 1:])",
    # kinds of the creation entries in tensor.py
    "torch.zeros(2, 3, dtype=torch.long)", "torch.ones(3, dtype=torch.bool)", "torch.full((2,), 3)",
    "torch.full((2, 2), True)", "torch.arange(5)", "torch.arange(0, 5, 2)", "torch.arange(0.0, 2.0, 0.5)",
    "torch.eye(3, dtype=torch.bool)", "torch.tensor([1, 2, 3])", "torch.tensor([True, False])",
    "torch.zeros_like(x, dtype=torch.int32)", "x.new_zeros(2).bool()", "x.long().new_ones(3)",
    "torch.linspace(0, 1, 5, dtype=torch.float64)", "torch.arange(x.size(1)).float() * x",
])
def test_creation(expr):
    check_typed(expr_case(expr), inputs=[randn(2, 3)])


@pytest.mark.parametrize("expr", [
    "torch.FloatTensor([1.5, 2, 3]) * x", "torch.LongTensor([[1, 2, 3]])", "torch.BoolTensor([True, False])",
    "torch.DoubleTensor((1, 2)).sum() + x", "torch.IntTensor([3, 4])",
    # sizes: the values are uninitialised in PyTorch; only the shape and kind are compared
    "torch.FloatTensor(2, 3).zero_() + x", "torch.LongTensor(4).zero_()", "x + torch.FloatTensor(x.size(1)).zero_()",
    "torch.ByteTensor(2, 2).zero_()", "torch.ShortTensor([1, -2])", "torch.CharTensor([[3], [-4]])",
    "torch.HalfTensor([0.5, 1.5]).float() * x[0, :2]", "torch.BFloat16Tensor([0.5, 2.0]).float() + x[:, :2]",
])
def test_legacy_constructors(expr):
    check_typed(expr_case(expr), inputs=[randn(2, 3)])


def test_randperm():
    """PyTorch's stream cannot be reproduced: a permutation of range(n), fresh on every call."""
    import torch
    x = randn(2, 3)
    tm, fm, conv = build(expr_case("torch.randperm(50) + 0 * x.sum().long()"), inputs=[x])
    ref, got = tm(torch.from_numpy(x)).numpy(), np.asarray(forward(fm, [x], False))
    assert sorted(got.tolist()) == sorted(ref.tolist()) == list(range(50)) and got.dtype.kind == "i"
    assert not np.array_equal(np.asarray(forward(fm, [x], False)), got)
    if target() == "flax":
        assert "jax.random.permutation(self.rngs(), 50)" in conv.code
        round_trip.check(expr_case("torch.randperm(50) + 0 * x.sum().long()"), inputs=[x])   # same seed
    _, fm, _ = build(expr_case("torch.randperm(6, dtype=torch.float32)"), inputs=[x])
    got = np.asarray(forward(fm, [x], False))
    assert got.dtype == np.float32 and sorted(got.tolist()) == list(range(6))


@pytest.mark.target("flax")
@pytest.mark.parametrize("expr, message", [
    ("torch.randperm(5, generator=g)", "generator"),
    ("torch.logspace(0, 1, 3, out=g)", "out="),
    ("torch.cartesian_prod(*g)", "number of tensors"),
])
def test_unsupported(expr, message):
    conv = nnport.convert(expr_case(expr, "x, g"), to="flax", source="torch")
    assert any(message in d.message for d in conv.issues), [d.message for d in conv.issues]
