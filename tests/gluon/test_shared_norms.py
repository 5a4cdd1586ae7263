"""frameworks/mxnet/shared_norms.py: a block holding a BatchNorm called more than once per forward
gets a warning (Gluon's running statistics then differ from PyTorch's in training), and the Gluon
behaviour the warning states, measured on MXNet 1.9.1 and PyTorch."""
from __future__ import annotations

import textwrap

import numpy as np
import pytest

import harness
import nnport
from harness import randn

_WHY = "holds a BatchNorm and is called more than once per forward"


def _model(init: str, body: str, params: str = "x", prelude: str = "") -> str:
    """A Model built by `init`, whose forward is `body` (methods after it: "\n\ndef m(self): ...")."""
    body, _, methods = body.partition("\n\n")
    return textwrap.dedent("""\
        import torch
        import torch.nn as nn
        %s
        class Model(nn.Module):
            def __init__(self):
                super().__init__()
        %s
            def forward(self, %s):
        %s
        %s""") % (textwrap.dedent(prelude), textwrap.indent(textwrap.dedent(init), " " * 8), params,
                  textwrap.indent(textwrap.dedent(body), " " * 8), textwrap.indent(methods, " " * 4))


_SEQ = "self.enc = nn.Sequential(nn.Conv2d(2, 3, 3), nn.BatchNorm2d(3), nn.ReLU())\n"
_ENCODER = """
class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 3, 3)
        self.bn = nn.BatchNorm2d(3)

    def forward(self, x):
        return self.bn(self.conv(x))
"""


@pytest.mark.parametrize("init, body, prelude, attr", [
    (_SEQ, "return self.enc(x), self.enc(y)", "", "enc"),
    (_SEQ, "return self.once(x) + self.once(y)\n\ndef once(self, x):\n    return self.enc(x)", "", "enc"),
    ("self.bn = nn.BatchNorm2d(2)\n", "for _ in range(2):\n    x = self.bn(x)\nreturn x + y", "", "bn"),
    ("self.enc = Encoder()\n", "return [self.enc(v) for v in (x, y)]", _ENCODER, "enc"),
])
def test_a_norm_called_twice_is_a_warning(init, body, prelude, attr):
    src = _model(init, body, "x, y", prelude)
    conv = nnport.convert(src, to="mxnet", source="torch")
    found = [d for d in conv.diagnostics if _WHY in d.message]
    assert len(found) == 1 and found[0].severity == "warning" and f"self.{attr} " in found[0].message, \
        [d.format() for d in conv.diagnostics]
    # inference is PyTorch's all the same
    harness.check_target(src, inputs=[randn(2, 2, 6, 6), randn(2, 2, 6, 6, seed=1)], to="mxnet", allow_issues=True)


@pytest.mark.parametrize("init, body", [
    (_SEQ, "return self.enc(x) + y[:, :3, :4, :4]"),
    (_SEQ, "if x.sum() > 0:\n    return self.enc(x)\nelse:\n    return self.enc(y)"),
    (_SEQ, "return self.enc(x) if True else self.enc(y)"),
    ("self.a = nn.BatchNorm2d(2)\nself.b = nn.BatchNorm2d(2)\n", "return self.a(x) + self.b(y)"),
    ("self.enc = nn.Sequential(nn.Conv2d(2, 2, 1), nn.ReLU())\n", "return self.enc(self.enc(x)) + y"),
])
def test_one_call_per_norm_is_no_warning(init, body):
    conv = nnport.convert(_model(init, body, "x, y"), to="mxnet", source="torch")
    assert not any(_WHY in d.message for d in conv.diagnostics), [d.format() for d in conv.diagnostics]


def test_gluon_updates_in_the_order_the_loss_sets():
    """What the warning says: two calls of one BatchNorm, `p + q` or `q + p` as the loss: Gluon's
    running mean is PyTorch's for one order of the inputs, and for the other order with `q + p`."""
    import torch
    from mxnet import autograd, nd
    from mxnet.gluon import nn
    a, b = randn(4, 2), randn(4, 2, seed=1) * 3 + 5

    def torch_mean(first, second):
        bn = torch.nn.BatchNorm1d(2)
        bn(torch.from_numpy(first)), bn(torch.from_numpy(second))
        return bn.running_mean.detach().numpy()

    def gluon_mean(swap: bool):
        bn = nn.BatchNorm(in_channels=2, momentum=0.9)
        bn.initialize()
        with autograd.record():
            p, q = bn(nd.array(a)), bn(nd.array(b))
            loss = q + p if swap else p + q
        loss.backward()
        return bn.running_mean.data().asnumpy()

    np.testing.assert_allclose(gluon_mean(swap=True), torch_mean(a, b), rtol=1e-5)
    np.testing.assert_allclose(gluon_mean(swap=False), torch_mean(b, a), rtol=1e-5)
    assert np.abs(torch_mean(a, b) - torch_mean(b, a)).max() > 1e-2   # the two orders differ
