"""Numerical tests: shape ops of torch/functions/shape.py (function and method spellings), dtype kinds,
a realistic model mixing the shape family, and what must be reported as unsupported."""
import textwrap

import numpy as np
import pytest

import nnport
import round_trip
from harness import build, check, compare, expr_case, forms_case, randint, randn, run, target

X = randn(2, 3, 4)
Y = randn(2, 3, 4, seed=1)


def check_typed(src: str, inputs, tol: float = 1e-5):
    """harness.check (eval mode) plus: each output has the same dtype kind (bool/int/float) on both
    sides. (int64 -> int32 and float64 -> float32 are expected: JAX runs without x64.)"""
    import torch
    tm, fm, _ = build(src, inputs=inputs)
    tm.eval()
    with torch.no_grad():
        ref = tm(*[torch.from_numpy(np.array(a, copy=True)) for a in inputs])
    got = run(fm, inputs, False)
    compare(ref, got, tol)
    flat = lambda o: [v for x in o for v in flat(x)] if isinstance(o, (tuple, list)) else [o]  # noqa: E731
    for a, b in zip(flat(ref), flat(got)):
        if hasattr(a, "numpy"):
            ka, kb = a.numpy().dtype.kind, np.asarray(b).dtype.kind
            assert ka == kb, f"dtype kind {ka} (torch {a.dtype}) vs {kb} ({np.asarray(b).dtype})"
    if target() == "flax":
        round_trip.check(src, inputs=inputs, tol=tol)   # PyTorch as the target: dtypes exactly


@pytest.mark.parametrize("expr", [
    "x.mT", "x.mT @ y", "torch.swapdims(x, 0, 2)", "x.swapdims(-1, 1)", "torch.ravel(x)", "x.ravel()",
    "x.unflatten(2, (2, 2))", "torch.unflatten(x, -1, (2, -1))", "x.unflatten(0, [1, 2])",
    "x.reshape(2, 12).unflatten(1, (3, 4))", "x.unflatten(x.dim() - 2, (3, 1))",
    "x.unfold(2, 2, 1)", "x.unfold(-1, 3, 2)", "x.unfold(0, 1, 1)", "x.unfold(1, 3, 3)",
    "x.select(1, 0)", "torch.select(x, -2, 2)", "x.select(0, -1)", "torch.select(x, x.dim() - 1, 1)",
    "torch.broadcast_to(x, (5, 2, 3, 4))", "x.broadcast_to((2, -1, 4))", "x[:, :1].broadcast_to(2, 3, 4)",
    "torch.broadcast_tensors(x, y[:1, :, :1])", "torch.meshgrid(x[0, 0], y[0, :, 0])",
    "torch.meshgrid([x[0, 0], y[0, 0]], indexing='xy')", "torch.meshgrid(x[0, 0], y[0, :, 0], indexing='ij')",
    "torch.atleast_1d(x[0, 0, 0])", "torch.atleast_2d(x[0, 0])", "torch.atleast_3d(x[0])",
    "torch.atleast_2d(x[0, 0], y[0])", "torch.atleast_3d([x[0, 0], y])",
    "torch.hstack([x, y])", "torch.hstack((x[0, 0], y[0, 0]))", "torch.vstack([x[0], y[0, 0]])",
    "torch.row_stack((x, y))", "torch.dstack([x[0], y[0]])", "torch.column_stack([x[0, :, 0], y[0]])",
    "torch.tensor_split(x, 3, dim=2)", "x.tensor_split(2)", "x.tensor_split([1, 3], dim=-1)",
    "torch.tensor_split(x, (1,), 1)", "torch.hsplit(x, 3)", "x.vsplit([1])", "torch.dsplit(x, [1, 3])",
    "torch.hsplit(x[0, 0], 2)",
    "torch.diagonal(x)", "x.diagonal(1, 1, 2)", "torch.diagonal(x, offset=-1, dim1=-1, dim2=0)",
    "torch.diag(x[0])", "x[0, 0].diag()", "torch.diag(x[0, 0], 1)", "x[0].diag(-1)",
    "torch.rot90(x)", "x.rot90(2, [1, 2])", "torch.rot90(x, -1, (2, 0))", "x.rot90(3, (0, 1))",
    "torch.fliplr(x)", "x.flipud()", "torch.flipud(x[0, 0])",
    "torch.tensor(x.numpy()[0])", "x[0, 0].numpy() + 1", "x.new_tensor(torch.Size([2, 3]))",
    "x.shape[0] * torch.ones(torch.Size((2, x.size(1))))",
    "torch.ones(1) * torch.is_tensor(x) + torch.is_tensor(3.0)", "x.is_floating_point() + x",
    "torch.is_floating_point(x.long()) + x", "x.is_contiguous() + x", "x.requires_grad_() * 2",
    "x.new(2, 3).shape", "x.new(4).shape[0] + x", "x.new([1.0, 2.0, 3.0, 4.0]) + x", "x.new((2, 3))",
])
def test_shape(expr):
    check_typed(expr_case(expr, "x, y"), inputs=[X, Y])


# name -> arguments after the receiver x (2, 3, 4); every form the table has of each
FORMS = {
    "swapdims": "0, 2", "ravel": "", "unflatten": "2, (2, 2)", "select": "1, -1", "diagonal": "1, 1, 2",
    "rot90": "1, (1, 2)", "fliplr": "", "flipud": "", "tensor_split": "(1, 3), 2", "hsplit": "3",
    "vsplit": "[1]", "dsplit": "[1, 3]", "is_floating_point": "",
}


@pytest.mark.parametrize("name", FORMS)
def test_forms(name):
    check_typed(forms_case(name, FORMS[name]), inputs=[X])


@pytest.mark.parametrize("expr", ["x.unflatten(1, (3, 1)).long()", "x.long().unfold(2, 2, 2)",
                                  "torch.diag(x[0] > 0)", "x.bool().rot90()", "torch.hstack([x.int(), x.int()])",
                                  "x.long().new(2, 3).shape", "x.long().new([1, 2])"])
def test_integer_and_bool_dtypes(expr):
    check_typed(expr_case(expr, "x"), inputs=[X * 3])


def test_realistic_patches_and_positional_encoding():
    """A small vision/sequence block: unfold patches, unflatten heads, meshgrid positions, tril mask."""
    src = textwrap.dedent("""\
        import torch
        import torch.nn as nn

        class Model(nn.Module):
            def __init__(self, dim=8, heads=2):
                super().__init__()
                self.heads = heads
                self.proj = nn.Linear(4 * 2, dim)

            def forward(self, img):
                b = img.size(0)
                # (B, C, H, W) -> non-overlapping 2x2 patches: (B, C, H/2, W/2, 2, 2)
                p = img.unfold(2, 2, 2).unfold(3, 2, 2)
                p = p.permute(0, 2, 3, 1, 4, 5).flatten(3)           # (B, h, w, C*4)
                p = p.reshape(b, -1, p.size(-1))                       # (B, N, C*4)
                t = self.proj(p).unflatten(-1, (self.heads, -1))      # (B, N, heads, dim/heads)
                ys, xs = torch.meshgrid(torch.arange(2), torch.arange(2), indexing="ij")
                pos = torch.stack([ys.flatten(), xs.flatten()], dim=-1).float()
                n = t.size(1)
                causal = torch.ones(n, n).tril().bool()
                scores = torch.einsum("bnhd,bmhd->bhnm", t, t).masked_fill(~causal, -1e9)
                return scores.diagonal(dim1=-2, dim2=-1), pos, torch.hsplit(pos, 2)[1]
        """)
    check(src, inputs=[randn(2, 2, 4, 4)])


@pytest.mark.target("flax")
@pytest.mark.parametrize("expr, message", [
    ("x.requires_grad_(False)", "requires_grad_(False)"),
    ("torch.meshgrid(x)", "pass the tensors separately"),
    ("torch.meshgrid(x, y, indexing=mode)", "non-literal indexing"),
    ("x.new(n)", "a size or data"),
    ("x.new()", "a size or data"),
    ("torch.hstack([x, y], out=y)", "out="),
    ("torch.diag(x, out=y)", "out="),
    ("torch.Size([1], [2])", "one iterable"),
    ("torch.tensor_split(x, indices=[1, 2])", "indices"),
])
def test_unsupported(expr, message):
    conv = nnport.convert(expr_case(expr, "x, y, n, mode"), to="flax", source="torch")
    assert any(message in d.message for d in conv.issues), [d.message for d in conv.issues]


@pytest.mark.parametrize("expr", ["torch.zeros(*x.shape) + x", "x.permute(*[2, 0, 1])",
                                  "x.expand(*y.shape)", "x.new_ones(*x.shape[:2])", "x.view(*x.shape[:1], -1)",
                                  "x.reshape(*x.shape[1:], x.shape[0])", "x[:, :1].expand(*[-1, 4], -1)",
                                  "x.repeat(*[2, 1], 1)", "torch.FloatTensor(*x.shape).zero_()"])
def test_starred_sizes(expr):
    """`*sizes` unpacked into a size argument."""
    check(expr_case(expr, "x, y"), inputs=[X, Y])
