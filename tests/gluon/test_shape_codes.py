"""PyTorch -> Gluon shape translations that must still hybridize: sizes read from the reshaped tensor
become F.reshape codes (frameworks/mxnet/reshape_codes.py), broadcasting and triangles need no shape
(support/shape.py); sizes that are needed for real make the file imperative, with a note. Each case
also runs both sides (harness.check_target compares eval and hybridized outputs)."""
from __future__ import annotations

import textwrap

import pytest

import harness
import nnport
from harness import randn


def _model(body: str, params: str = "x") -> str:
    return textwrap.dedent("""\
        import torch
        import torch.nn as nn

        class Model(nn.Module):
            def forward(self, %s):
        """) % params + textwrap.indent(textwrap.dedent(body), " " * 8)


@pytest.mark.parametrize("body, codes", [
    ("return x.view(x.size(0), -1)", "F.reshape(x, (0, -1))"),
    ("return x.view(-1, x.size(-1)), x.reshape(-1, x.shape[-2] * x.shape[-1])", "F.reshape(x, (-1, 0), reverse=True)"),
    ("c = x.size(-1)\nreturn x.reshape(2, -1, c)", "F.reshape(x, (2, -1, 0), reverse=True)"),
    ("b, c, h, w = x.shape\nreturn x.view(b, c, -1)", "F.reshape(x, (0, 0, -1))"),
    ("b, c, h, w = x.size()\nreturn x.reshape(b, c * h, w)", "F.reshape(x, (0, -3, 0))"),
    ("n = x.size(0)\nreturn x.view(n, -1), x.view(n, 2, -1)", "F.reshape(x, (0, 2, -1))"),
    ("return x.unflatten(1, (3, 1)), x.unflatten(-2, (2, -1)), x.unflatten(3, (-1, 5, 1)), x.unflatten(-1, (1, 5, 1))",
     "F.reshape(x, (0, -4, 3, 1, -2))"),
    ("return x.flatten(1, 2), x.flatten(-3, -2), x.expand(2, -1, -1, -1, -1)", "expand(F, x, (2, -1, -1, -1, -1))"),
    ("return torch.tril(x), x.triu(1), x.permute(0, 2, -1, 1)", "tril(F, x)"),
    ("return torch.zeros(x.shape, dtype=torch.float64), torch.full(x.size(), 2.5) * x",
     "F.cast(F.zeros_like(x), dtype='float64')"),
])
def test_hybridizes(body, codes):
    src = _model(body)
    conv = nnport.convert(src, to="mxnet", source="torch")
    assert "gluon.HybridBlock" in conv.code and "hybrid_forward(self, F, x)" in conv.code, conv.code
    assert codes in conv.code, conv.code
    assert ".shape" not in conv.code.split("class Model")[1], conv.code
    harness.check_target(src, inputs=[randn(2, 3, 4, 5)], to="mxnet")


@pytest.mark.parametrize("body, why", [
    ("b = x.size(0)\nx = x.transpose(1, 2)\nreturn x.reshape(b, -1), b", "reads `.shape`"),
    ("b, c, h, w = x.shape\nfor _ in range(2):\n    x = x.transpose(2, 3)\n    x = x.reshape(b, c, w, h)\nreturn x",
     "reads `.shape`"),
    ("return x.split(2, dim=1)", "split_sizes(), which needs concrete arrays"),
    ("return torch.tensor([1.0, 2.0, 3.0, 4.0]) * x", "nd.array"),
])
def test_imperative_where_sizes_are_needed(body, why):
    """Kept sizes (a name used again, a tensor assigned in a loop) stay, and the file is imperative."""
    src = _model(body)
    conv = nnport.convert(src, to="mxnet", source="torch")
    assert "gluon.Block" in conv.code and any(why in d.message for d in conv.diagnostics), \
        [d.message for d in conv.diagnostics]
    harness.check_target(src, inputs=[randn(2, 3, 4, 4)], to="mxnet")


def test_sizes_of_another_tensor_by_like_ops():
    """x.view(y.size()), x.expand(*y.shape), y.new_zeros(y.shape): reshape_like, expand_as, zeros_like."""
    src = _model("return x.view(z.size()), x[:, :1].expand(*y.shape), y.new_zeros(y.shape), x.reshape(z.shape)",
                 "x, y, z")
    conv = nnport.convert(src, to="mxnet", source="torch")
    assert "hybrid_forward(self, F, x, y, z)" in conv.code and ".shape" not in conv.code, conv.code
    assert "F.reshape_like(x, z)" in conv.code and "F.zeros_like(y)" in conv.code, conv.code
    harness.check_target(src, inputs=[randn(2, 3, 4), randn(2, 3, 4, seed=1), randn(4, 6)], to="mxnet")


def test_other_tensor_keeps_its_sizes():
    """A size read from another tensor is no code for this one (its axes may differ)."""
    src = _model("b = y.size(0)\nreturn x.view(b, -1)", "x, y")
    conv = nnport.convert(src, to="mxnet", source="torch")
    assert "F.reshape(x, (b, -1))" in conv.code or "nd.reshape(x, (b, -1))" in conv.code, conv.code
    harness.check_target(src, inputs=[randn(2, 3, 4), randn(2, 5)], to="mxnet")


def test_size_zero_is_reported():
    conv = nnport.convert(_model("return x.view(0, -1)"), to="mxnet", source="torch")
    assert any("copy this axis" in d.message for d in conv.issues)


def test_created_of_read_sizes():
    """Arrays created of sizes read from a tensor broadcast like it (F.broadcast_like, arange_like)."""
    src = _model("b, t, _ = x.shape\nh = torch.zeros(b, 4)\npos = torch.arange(t)\n"
                 "m = torch.ones(x.size(0), 1, x.size(2), dtype=torch.int64)\nreturn h, pos, m, torch.full((b,), 2.0) + x[:, 0, 0]")
    conv = nnport.convert(src, to="mxnet", source="torch")
    assert "hybrid_forward(self, F, x)" in conv.code and ".shape" not in conv.code, conv.code
    assert "F.broadcast_like(F.zeros((1, 4)), x, lhs_axes=(0,), rhs_axes=(0,))" in conv.code, conv.code
    assert "F.cast(F.contrib.arange_like(x, axis=1), dtype='int64')" in conv.code, conv.code
    harness.check_target(src, inputs=[randn(2, 3, 5)], to="mxnet")
