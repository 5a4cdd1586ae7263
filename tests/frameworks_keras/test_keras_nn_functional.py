"""Functional normalization to Keras (support/norm.py's functions) against PyTorch."""
import pytest

from harness import check_target, expr_case, randn

_PARAMS = ("self.w = nn.Parameter(torch.linspace(-1, 2, 4))\n                "
           "self.b = nn.Parameter(torch.linspace(0.5, -0.5, 4))\n                "
           "self.register_buffer('rm', torch.linspace(-0.3, 0.3, 4))\n                "
           "self.register_buffer('rv', torch.linspace(0.5, 2.0, 4))\n                "
           "self.w2 = nn.Parameter(torch.linspace(-1, 1, 20).reshape(4, 5))")


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
    check_target(expr_case(e, init=_PARAMS), inputs=[randn(*shape) * 2 + 0.5], to="keras")
