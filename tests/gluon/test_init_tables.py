"""torch.nn.init -> Gluon initializers (functions/init.py), checked on real Gluon against real PyTorch:
the translated model is built and initialised by Gluon itself (no weight transfer), and each
initialised weight is compared with PyTorch's in distribution: constants exactly, random draws by
their range and standard deviation on large weights (within 4%), over the same shapes."""
import math
import textwrap

import numpy as np
import pytest
import torch

import harness

SHAPES = {"conv": "nn.Conv2d(64, 96, 3)", "fc": "nn.Linear(300, 500)", "emb": "nn.Embedding(400, 200)"}
GLUON = {"conv": "weight", "fc": "weight", "emb": "weight"}


def _model(layer: str, init: str) -> str:
    return textwrap.dedent(f"""\
        import math
        import torch
        import torch.nn as nn

        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.layer = {SHAPES[layer]}
                self.w = nn.Parameter(torch.zeros(300, 200))
                {init}

            def forward(self, x):
                return x
        """)


def _weights(code: str, attr: str):
    tmod, gmod = harness.load(code), harness.load(harness.translate(code, to="mxnet").code)
    torch.manual_seed(0)
    tm = tmod.Model()
    gm = harness.runtime("mxnet").build(gmod.Model, [], {}, 0)
    if attr == "w":
        return tm.w.detach().numpy(), gm.w.data().asnumpy()
    return tm.layer.weight.detach().numpy(), gm.layer.weight.data().asnumpy()


CASES = [
    ("fc", "nn.init.xavier_uniform_(self.layer.weight)"),
    ("conv", "nn.init.xavier_uniform_(self.layer.weight, gain=nn.init.calculate_gain('relu'))"),
    ("fc", "nn.init.xavier_normal_(self.layer.weight, gain=2.0)"),
    ("conv", "nn.init.kaiming_normal_(self.layer.weight, mode='fan_out', nonlinearity='relu')"),
    ("conv", "nn.init.kaiming_uniform_(self.layer.weight, a=math.sqrt(5))"),
    ("fc", "nn.init.kaiming_uniform_(self.layer.weight, nonlinearity='leaky_relu', a=0.2)"),
    ("emb", "nn.init.normal_(self.layer.weight, std=0.02)"),
    ("fc", "self.layer.weight.data.normal_(0, 0.01)"),
    ("fc", "nn.init.uniform_(self.layer.weight, -0.1, 0.1)"),
    ("fc", "nn.init.orthogonal_(self.layer.weight)"),
]


@pytest.mark.parametrize("layer,init", CASES, ids=[c[1] for c in CASES])
def test_random_init_has_pytorchs_distribution(layer, init):
    ref, got = _weights(_model(layer, init), "layer")
    assert ref.shape == got.shape
    assert abs(got.std() / ref.std() - 1) < 0.04, (got.std(), ref.std())
    assert abs(got.mean()) < 0.05 * ref.std()
    if "uniform" in init:
        assert np.abs(got).max() <= np.abs(ref).max() * 1.001 and np.abs(got).max() >= np.abs(ref).max() * 0.99


def test_orthogonal_rows_are_orthonormal():
    _, got = _weights(_model("fc", "nn.init.orthogonal_(self.layer.weight)"), "layer")
    np.testing.assert_allclose(got.T @ got, np.eye(got.shape[1]), atol=1e-4)   # (500, 300): columns


@pytest.mark.parametrize("init", ["nn.init.constant_(self.w, 0.5)", "nn.init.ones_(self.w)",
                                  "nn.init.zeros_(self.w)", "self.w.data.fill_(2.0)"])
def test_constants_are_exact(init):
    ref, got = _weights(_model("fc", init), "w")
    np.testing.assert_array_equal(ref, got)


@pytest.mark.parametrize("init", ["nn.init.normal_(self.layer.weight, mean=1.0, std=0.5)",
                                  "nn.init.uniform_(self.layer.weight, 0.0, 1.0)",
                                  "nn.init.trunc_normal_(self.layer.weight, std=0.02)",
                                  "nn.init.trunc_normal_(self.layer.weight, mean=0.5, std=1.0, a=0.0, b=2.0)"])
def test_support_initializers_draw_pytorchs_distribution(init):
    """What mx.init lacks (a mean, an asymmetric range, truncation): support/init.py Initializers."""
    ref, got = _weights(_model("fc", init), "layer")
    assert abs(got.std() / ref.std() - 1) < 0.04 and abs(got.mean() - ref.mean()) < 0.04 * ref.std()
    assert got.min() >= ref.min() - 0.05 * ref.std() if "trunc" in init or "uniform" in init else True
    assert got.max() <= ref.max() + 0.05 * ref.std() if "trunc" in init or "uniform" in init else True


def test_uniform_of_minus_a_name_is_symmetric():
    code = _model("fc", "stdv = 0.1\n                nn.init.uniform_(self.layer.weight, -stdv, stdv)")
    out = harness.translate(code, to="mxnet").code
    assert "self.layer.weight.init = mx.init.Uniform(stdv)" in out
