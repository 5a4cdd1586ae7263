"""Pooling windows read from shapes (frameworks/mxnet/functions/windows.py): a window that is the
input's own spatial extent is a global pool (F.max / F.mean over the spatial axes, which hybridizes);
any other window read from a shape goes to F.Pooling in an imperative block. Each case runs real
PyTorch and the translation on the same inputs (harness.check_target: eval, and hybridized where the
class hybridizes)."""
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
        import torch.nn.functional as F

        class Model(nn.Module):
            def forward(self, %s):
        """) % params + textwrap.indent(textwrap.dedent(body), " " * 8)


@pytest.mark.parametrize("body, after, shape", [
    ("return F.max_pool2d(x, kernel_size=x.shape[2:])", "F.max(x, axis=(-2, -1), keepdims=True)", (2, 3, 5, 7)),
    ("return F.max_pool2d(x, x.size()[-2:]).flatten(1)", "F.max(x, axis=(-2, -1), keepdims=True)", (2, 3, 5, 7)),
    ("return F.avg_pool2d(x, (x.size(-2), x.size(3)), stride=2)", "F.mean(x, axis=(-2, -1), keepdims=True)",
     (2, 3, 4, 6)),
    ("return F.avg_pool2d(x, [x.shape[2], x.shape[-1]], ceil_mode=True)", "F.mean(x, axis=(-2, -1), keepdims=True)",
     (2, 3, 5, 5)),
    ("return F.max_pool1d(x, x.shape[2]).squeeze(2)", "F.squeeze(F.max(x, axis=(-1,), keepdims=True), axis=2)",
     (2, 4, 9)),
    ("return F.avg_pool1d(x, kernel_size=x.size(dim=-1))", "F.mean(x, axis=(-1,), keepdims=True)", (2, 4, 9)),
    ("return F.max_pool3d(x, x.shape[2:], padding=0)", "F.max(x, axis=(-3, -2, -1), keepdims=True)", (2, 2, 3, 4, 5)),
])
def test_whole_input_window_is_a_global_pool(body, after, shape):
    src = _model(body)
    conv = nnport.convert(src, to="mxnet", source="torch")
    assert not conv.issues and "hybrid_forward(self, F, x)" in conv.code and after in conv.code, conv.code
    assert ".shape" not in conv.code, conv.code
    harness.check_target(src, inputs=[randn(*shape)], to="mxnet")


@pytest.mark.parametrize("body, after", [
    ("return F.max_pool2d(x, y.shape[2:])", "nd.Pooling(x, kernel=y.shape[2:], pool_type='max', stride=y.shape[2:])"),
    ("return F.avg_pool2d(x, (x.shape[2] // 2, x.size(3) // 3), stride=1)",
     "nd.Pooling(x, kernel=(x.shape[2] // 2, x.shape[3] // 3), pool_type='avg', stride=(1, 1))"),
    ("return F.max_pool2d(x, [y.size(2), y.shape[3]], (1, 2))",
     "nd.Pooling(x, kernel=(y.shape[2], y.shape[3]), pool_type='max', stride=(1, 2))"),
    ("return F.avg_pool1d(x.flatten(2), x.size(2))",
     "nd.Pooling(nd.reshape(x, (0, 0, -1)), kernel=(x.shape[2],), pool_type='avg', stride=(x.shape[2],))"),
])
def test_other_windows_from_shapes_are_read_when_the_code_runs(body, after):
    """Not the input's own extent (another tensor's, a fraction of it): the sizes are numbers only in
    an imperative block, which the class becomes (with an info diagnostic saying why)."""
    src = _model(body, "x, y")
    conv = nnport.convert(src, to="mxnet", source="torch")
    assert not conv.issues and "class Model(gluon.Block)" in conv.code and after in conv.code, conv.code
    assert any("reads `.shape`" in d.message for d in conv.diagnostics), [d.message for d in conv.diagnostics]
    harness.check_target(src, inputs=[randn(2, 3, 6, 6), randn(2, 3, 3, 2, seed=1)], to="mxnet")


@pytest.mark.parametrize("body", [
    "return F.max_pool2d(x, x.shape[2:], padding=1)",     # padded: not one window, no literal sizes
    "return F.max_pool2d(x, x.shape[2:], dilation=2)",
    "return F.max_pool2d(x, self.k)",                      # an int or a tuple: not known here
])
def test_stays_unsupported(body):
    conv = nnport.convert(_model(body), to="mxnet", source="torch")
    assert any("only literal values are translated" in d.message for d in conv.issues), conv.code
