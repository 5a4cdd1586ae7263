"""Functional normalization (F.layer_norm, F.rms_norm, F.group_norm, F.batch_norm, F.instance_norm,
F.local_response_norm) and F.bilinear against PyTorch. (F.* activations/dropout: test_normact.py.)"""
import pytest

import nnport
from harness import check, expr_case, randn

_PARAMS = ("self.w = nn.Parameter(torch.linspace(-1, 2, 4))\n                "
           "self.b = nn.Parameter(torch.linspace(0.5, -0.5, 4))\n                "
           "self.register_buffer('rm', torch.linspace(-0.3, 0.3, 4))\n                "
           "self.register_buffer('rv', torch.linspace(0.5, 2.0, 4))\n                "
           "self.w2 = nn.Parameter(torch.linspace(-1, 1, 20).reshape(4, 5))\n                "
           "self.bw = nn.Parameter(torch.linspace(-1, 1, 60).reshape(2, 5, 6))")


@pytest.mark.parametrize("e, shape", [
    ("F.layer_norm(x, (4,))", (3, 5, 4)),
    ("F.layer_norm(x, [4], self.w, self.b, eps=1e-3)", (3, 4)),
    ("F.layer_norm(x, (4, 5), self.w2)", (2, 4, 5)),
    ("F.rms_norm(x, (4,))", (3, 4)),
    ("F.rms_norm(x, [4, 5], self.w2, eps=1e-3)", (2, 4, 5)),
    ("F.group_norm(x, 2)", (2, 4, 3, 3)),
    ("F.group_norm(x, 2, self.w, self.b, 1e-3)", (2, 4, 5)),
    ("F.batch_norm(x, self.rm, self.rv)", (3, 4, 5)),
    ("F.batch_norm(x, self.rm, self.rv, self.w, self.b, eps=1e-3)", (3, 4, 2, 2)),
    ("F.batch_norm(x, None, None, self.w, training=True)", (3, 4, 5)),
    ("F.instance_norm(x)", (2, 4, 3, 3)),
    ("F.instance_norm(x, weight=self.w, bias=self.b, eps=1e-3)", (2, 4, 6)),
    ("F.local_response_norm(x, 3)", (2, 4, 3, 3)),
    ("F.local_response_norm(x, 2, alpha=0.1, beta=0.5, k=2.0)", (2, 4, 6)),
])
def test_norm_function(e, shape):
    check(expr_case(e, init=_PARAMS), inputs=[randn(*shape) * 2 + 0.5])


@pytest.mark.parametrize("e", ["F.bilinear(x, y, self.bw)", "F.bilinear(x, y, self.bw, self.b[:2])"])
def test_bilinear(e):
    check(expr_case(e, "x, y", init=_PARAMS), inputs=[randn(3, 5), randn(3, 6, seed=1)])


@pytest.mark.target("flax")
@pytest.mark.parametrize("e, what", [
    ("F.batch_norm(x, self.rm, self.rv, training=True)", "in place"),
    ("F.instance_norm(x, self.rm, self.rv)", "running statistics"),
])
def test_unsupported(e, what):
    conv = nnport.convert(expr_case(e, init=_PARAMS), to="flax", source="torch")
    assert any(what in d.message for d in conv.issues), [d.message for d in conv.issues]
