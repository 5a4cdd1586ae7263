"""frameworks/mxnet/shared_norms.py: a BatchNorm called more than once per forward is written as
support/norm.py's CallOrderBatchNorm (running statistics updated in forward, in call order, as
PyTorch does), the classes calling and holding it imperative; and the Gluon behaviour that makes it
necessary, measured on MXNet 1.9.1 and PyTorch."""
from __future__ import annotations

import textwrap

import numpy as np
import pytest

import harness
import nnport
from harness import randn

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


_TWICE = [
    (_SEQ, "return self.enc(x), self.enc(y)", "", "enc"),
    (_SEQ, "return self.once(x) + self.once(y)\n\ndef once(self, x):\n    return self.enc(x)", "", "enc"),
    ("self.bn = nn.BatchNorm2d(2)\n", "for _ in range(2):\n    x = self.bn(x)\nreturn x + y", "", "bn"),
    ("self.enc = Encoder()\n", "return [self.enc(v) for v in (x, y)]", _ENCODER, "enc"),
]


@pytest.mark.parametrize("init, body, prelude, attr", _TWICE)
def test_a_norm_called_twice_is_updated_per_call(init, body, prelude, attr):
    """Training outputs and running statistics are PyTorch's (eval too, before and after hybridize());
    the class calling it says why it is imperative."""
    src = _model(init, body, "x, y", prelude)
    conv = nnport.convert(src, to="mxnet", source="torch")
    assert "CallOrderBatchNorm(" in conv.code and not any(d.severity == "warning" for d in conv.diagnostics)
    notes = [d.message for d in conv.diagnostics if f"it calls self.{attr}, which holds a BatchNorm" in d.message]
    assert len(notes) == 1 and "imperative gluon.Block" in notes[0], [d.format() for d in conv.diagnostics]
    assert "class Model(gluon.Block)" in conv.code and "HybridSequential" not in conv.code
    if prelude:   # the file's class holding the BatchNorm is imperative too, and its BatchNorm per call
        assert "class Encoder(gluon.Block)" in conv.code
    assert "\nclass BatchNorm(" not in conv.code   # the helper no construction names any more is left out
    harness.check_target(src, inputs=[randn(2, 2, 6, 6), randn(2, 2, 6, 6, seed=1) * 3 + 1], to="mxnet",
                         train=True)


@pytest.mark.parametrize("init, body", [
    (_SEQ, "return self.enc(x) + y[:, :3, :4, :4]"),
    (_SEQ, "if x.sum() > 0:\n    return self.enc(x)\nelse:\n    return self.enc(y)"),
    (_SEQ, "return self.enc(x) if True else self.enc(y)"),
    ("self.a = nn.BatchNorm2d(2)\nself.b = nn.BatchNorm2d(2)\n", "return self.a(x) + self.b(y)"),
    ("self.enc = nn.Sequential(nn.Conv2d(2, 2, 1), nn.ReLU())\n", "return self.enc(self.enc(x)) + y"),
])
def test_one_call_per_norm_stays_hybrid(init, body):
    code = nnport.convert(_model(init, body, "x, y"), to="mxnet", source="torch").code
    assert "CallOrderBatchNorm" not in code and "class Model(gluon.HybridBlock)" in code


def test_one_class_calling_and_one_holding():
    """The norm of the attribute called twice is per call; another BatchNorm of the class is not."""
    src = _model(_SEQ + "self.head = nn.BatchNorm2d(3)\n", "return self.head(self.enc(x)) + self.enc(y)", "x, y")
    code = nnport.convert(src, to="mxnet", source="torch").code
    assert "CallOrderBatchNorm(in_channels=3)" in code and "self.head = BatchNorm(" in code, code
    harness.check_target(src, inputs=[randn(2, 2, 6, 6), randn(2, 2, 6, 6, seed=1) * 3 + 1], to="mxnet",
                         train=True)


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


@pytest.mark.parametrize("swap", [False, True])
def test_call_order_batch_norm_is_pytorchs_in_either_loss_order(swap):
    """support/norm.py's CallOrderBatchNorm, two calls: running statistics (unbiased variance,
    momentum 1 - m), outputs and gradients are PyTorch's whatever order the loss adds the calls in;
    in inference it is nn.BatchNorm on those statistics."""
    import torch
    from mxnet import autograd, nd
    from nnport.frameworks.mxnet.support.norm import CallOrderBatchNorm
    a, b = randn(4, 3, 2, 2), randn(4, 3, 2, 2, seed=1) * 3 + 5
    w = randn(3, seed=2)
    bn = CallOrderBatchNorm(in_channels=3, momentum=0.7)
    bn.initialize()
    bn.gamma.set_data(nd.array(w))
    tb = torch.nn.BatchNorm2d(3, momentum=0.3)
    tb.weight.data = torch.from_numpy(w.copy())
    with autograd.record():
        p, q = bn(nd.array(a)), bn(nd.array(b))
        loss = ((q * 2).sum() + p.sum()) if swap else (p.sum() + (q * 2).sum())
    loss.backward()
    tp, tq = tb(torch.from_numpy(a)), tb(torch.from_numpy(b))
    (tp.sum() + (tq * 2).sum()).backward()
    for got, want in ((p, tp), (q, tq), (bn.running_mean.data(), tb.running_mean),
                      (bn.running_var.data(), tb.running_var), (bn.gamma.grad(), tb.weight.grad)):
        np.testing.assert_allclose(got.asnumpy(), want.detach().numpy(), rtol=1e-5, atol=1e-5)
    tb.eval()
    np.testing.assert_allclose(bn(nd.array(a)).asnumpy(), tb(torch.from_numpy(a)).detach().numpy(), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("ctor", ["nn.BatchNorm1d(2, affine=False, momentum=0.3)", "nn.BatchNorm1d(2, eps=1e-3)"])
def test_call_order_batch_norm_keeps_the_arguments(ctor):
    """Momentum, eps and affine=False reach CallOrderBatchNorm as Gluon's arguments: outputs and
    statistics (N, C, L) are PyTorch's in training."""
    src = _model(f"self.bn = {ctor}\n", "return self.bn(x) - self.bn(y)", "x, y")
    assert "CallOrderBatchNorm(" in nnport.convert(src, to="mxnet", source="torch").code
    harness.check_target(src, inputs=[randn(3, 2, 5), randn(3, 2, 5, seed=1) * 2 - 1], to="mxnet", train=True)
