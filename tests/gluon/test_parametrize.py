"""weight_norm -> support/parametrize.py's WeightNorm (frameworks/mxnet/{functions,layers}/parametrize.py,
support/parametrize.py): both PyTorch forms translate to the wrapper, the transfer writes g, v and the
bias into it, and the translation computes PyTorch's outputs (eval, hybridized, train) and gradients."""
from __future__ import annotations

import textwrap

import numpy as np
import pytest

import harness
import nnport
from harness import randn

_OLD, _NEW = "torch.nn.utils.weight_norm", "torch.nn.utils.parametrizations.weight_norm"


def _model(layer: str, body: str = "return self.layer(x)") -> str:
    return textwrap.dedent(f"""\
        import torch
        import torch.nn as nn

        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.layer = {layer}

            def forward(self, x):
                {body}
        """)


@pytest.mark.parametrize("layer, after, shape", [
    (f"{_NEW}(nn.Conv1d(4, 6, 3))", "WeightNorm(nn.Conv1D(6, 3, in_channels=4))", (2, 4, 9)),
    (f"{_OLD}(nn.Conv1d(4, 6, 3, dilation=2))", "WeightNorm(nn.Conv1D(6, 3, dilation=2, in_channels=4))", (2, 4, 9)),
    (f"{_NEW}(nn.Linear(5, 3), dim=1)", "WeightNorm(nn.Dense(3, flatten=False, in_units=5), dim=1)", (2, 5)),
    (f"{_OLD}(nn.Linear(5, 3, bias=False))", "WeightNorm(nn.Dense(3, use_bias=False, flatten=False, in_units=5))",
     (4, 5)),
    (f"{_NEW}(nn.Conv2d(3, 4, 3, padding=1), name='weight')", "WeightNorm(nn.Conv2D(4, 3, padding=1, in_channels=3))",
     (2, 3, 5, 5)),
    (f"{_OLD}(nn.Conv3d(2, 3, 2), dim=2)", "WeightNorm(nn.Conv3D(3, 2, in_channels=2), dim=2)", (1, 2, 3, 4, 4)),
])
def test_weight_norm(layer, after, shape):
    src = _model(layer)
    conv = nnport.convert(src, to="mxnet", source="torch")
    assert not conv.issues and f"self.layer = {after}" in conv.code and "class Model(gluon.HybridBlock)" in conv.code, \
        conv.code
    harness.check_target(src, inputs=[randn(*shape)], to="mxnet", train=True)


def test_gradients_are_pytorchs():
    """The parameters that train are g and v: their gradients equal PyTorch's original0 / original1 ones."""
    import torch
    from mxnet import autograd, nd
    src = _model(f"{_NEW}(nn.Conv1d(3, 4, 2))", "return torch.tanh(self.layer(x))")
    tm, fm, _ = harness.build(src, to="mxnet")
    x = randn(2, 3, 6)
    (tm(torch.from_numpy(x)) ** 2).sum().backward()
    with autograd.record():
        loss = (fm(nd.array(x)) ** 2).sum()
    loss.backward()
    p = tm.layer.parametrizations.weight
    for mine, theirs in ((fm.layer.weight_g, p.original0), (fm.layer.weight_v, p.original1), (fm.layer.bias, tm.layer.bias)):
        np.testing.assert_allclose(mine.grad().asnumpy(), theirs.grad.numpy(), rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("layer, why", [
    (f"{_NEW}(nn.Linear(5, 3), dim=None)", "dim=None: a non-negative axis"),
    (f"{_OLD}(nn.Linear(5, 3), dim=-1)", "dim=-1: a non-negative axis"),
    (f"{_NEW}(nn.Linear(5, 3), name='bias')", "name='bias': only a layer's 'weight'"),
    (f"{_NEW}(nn.ConvTranspose1d(3, 4, 2))", "a Linear or ConvNd built in the call"),
    (f"{_NEW}(nn.GRU(3, 4), name='weight_hh_l0')", "name='weight_hh_l0'"),
])
def test_refused_with_the_reason(layer, why):
    conv = nnport.convert(_model(layer), to="mxnet", source="torch")
    assert any(why in d.message for d in conv.issues), [d.format() for d in conv.diagnostics]
