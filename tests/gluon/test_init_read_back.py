"""reading/initial.py: `param.init = mx.init.X(...)` read back as PyTorch's nn.init.x_(param, ...).
Random initializers draw from different generators: the same distribution is checked instead (real
Gluon's values and the translation's, on a large parameter: equal bounds, means and deviations
within a statistical tolerance); the constant ones exactly (runs in .venv-mxnet)."""
from __future__ import annotations

import numpy as np
import pytest

import mxnet as mx
import torch

import nnport
from corpus.gluon_to_torch import load_code

MODEL = '''import math
import mxnet as mx
from mxnet import gluon
from mxnet.gluon import nn


class Model(gluon.HybridBlock):
    def __init__(self):
        super().__init__()
        self.fc = nn.Dense(300, flatten=False, in_units=200)
        self.fc.weight.init = {init}

    def hybrid_forward(self, F, x):
        return self.fc(x)
'''
CASES = {   # initializer -> what PyTorch writes
    "mx.init.Normal(0.05)": "nn.init.normal_(self.fc.weight, std=0.05)",
    "mx.init.Uniform(0.2)": "nn.init.uniform_(self.fc.weight, a=-0.2, b=0.2)",
    "mx.init.Zero()": "nn.init.zeros_(self.fc.weight)",
    "mx.init.One()": "nn.init.ones_(self.fc.weight)",
    "mx.init.Constant(0.3)": "nn.init.constant_(self.fc.weight, 0.3)",
    "mx.init.Xavier(rnd_type='uniform', factor_type='avg', magnitude=3)": "nn.init.xavier_uniform_(self.fc.weight)",
    "mx.init.Xavier(rnd_type='gaussian', factor_type='avg', magnitude=2)": "nn.init.xavier_normal_(self.fc.weight, gain=math.sqrt(2))",
    "mx.init.Orthogonal(scale=1.5, rand_type='normal')": "nn.init.orthogonal_(self.fc.weight, gain=1.5)",
}


@pytest.mark.parametrize("init", sorted(CASES))
def test_initializer_read_back_draws_alike(init):
    code = MODEL.format(init=init)
    conv = nnport.convert(code, source="mxnet", to="torch")
    assert not conv.issues and CASES[init] in conv.code, conv.code
    scope: dict = {}
    exec(compile(code, "<gluon init>", "exec"), scope)   # noqa: S102 - the test's own model
    g = scope["Model"]()
    g.initialize()
    gw = g.fc.weight.data().asnumpy()
    torch.manual_seed(0)
    tw = load_code(conv.code, "init").Model().fc.weight.detach().numpy()
    assert gw.shape == tw.shape
    if "Orthogonal" in init:   # rows orthogonal, scaled: W W^T = scale^2 I (300 x 200: the columns)
        np.testing.assert_allclose(tw.T @ tw, gw.T @ gw, atol=1e-3)
        return
    scale = max(float(np.std(gw)), 1e-2)
    np.testing.assert_allclose(np.mean(tw), np.mean(gw), atol=0.05 * scale)
    np.testing.assert_allclose(np.std(tw), np.std(gw), rtol=0.05, atol=1e-7)
    if "niform" in init:   # the same bounds (60,000 draws come within 0.1% of them)
        np.testing.assert_allclose([tw.min(), tw.max()], [gw.min(), gw.max()], rtol=0.01)


def test_unknown_factor_is_refused():
    conv = nnport.convert(MODEL.format(init="mx.init.Xavier(factor_type='fan')"), source="mxnet", to="torch")
    assert any("factor_type" in d.message for d in conv.issues)
