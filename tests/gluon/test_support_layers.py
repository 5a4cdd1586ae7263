"""The Gluon support helpers of the layer families (frameworks/mxnet/support/{norm,spatial,pool}.py)
against PyTorch directly, hybridized: BatchNorm's and TrackedInstanceNorm's running statistics over
several training steps (PyTorch's unbiased variance, not Gluon's biased one), their gradients, and the
padding function on Symbols. Runs in .venv-mxnet."""
from __future__ import annotations

import numpy as np
import pytest

import mxnet as mx   # collected only where mxnet is installed: .venv-mxnet (tests/conftest.py)
from mxnet import autograd, nd
from mxnet.gluon import nn

torch = pytest.importorskip("torch")

from nnport.frameworks.mxnet.support.norm import BatchNorm, TrackedInstanceNorm  # noqa: E402
from nnport.frameworks.mxnet.support.spatial import pad  # noqa: E402


def _x(*shape, seed=0):
    return (np.random.default_rng(seed).standard_normal(shape) * 2 + 0.5).astype(np.float32)


def _step(block, x):
    """One training step's forward and backward (Gluon records the statistics in backward)."""
    xs = nd.array(x)
    xs.attach_grad()
    with autograd.record(train_mode=True):
        y = block(xs)
        loss = (y * nd.array(np.linspace(-1, 1, y.size).reshape(y.shape).astype(np.float32))).sum()
    loss.backward()
    return y.asnumpy(), xs.grad.asnumpy()


@pytest.mark.parametrize("kind, shape, momentum", [("batch", (4, 3, 5, 5), 0.1), ("batch", (6, 3), 0.3),
                                                   ("instance", (3, 2, 4, 4), 0.2)])
def test_running_statistics_are_pytorchs(kind, shape, momentum):
    c = shape[1]
    if kind == "batch":
        t = {2: torch.nn.BatchNorm1d, 4: torch.nn.BatchNorm2d}[len(shape)](c, momentum=momentum)
        g = BatchNorm(momentum=1 - momentum, in_channels=c)
    else:
        t = torch.nn.InstanceNorm2d(c, momentum=momentum, affine=True, track_running_stats=True)
        g = TrackedInstanceNorm(momentum=1 - momentum, in_channels=c)
    g.initialize()
    with torch.no_grad():
        t.weight.copy_(torch.linspace(0.5, 1.5, c))
        t.bias.copy_(torch.linspace(-0.2, 0.2, c))
    g.gamma.set_data(nd.array(t.weight.detach().numpy()))
    g.beta.set_data(nd.array(t.bias.detach().numpy()))
    g.hybridize()
    for seed in range(3):
        x = _x(*shape, seed=seed)
        xt = torch.from_numpy(x).requires_grad_()
        yt = t.train()(xt)
        (yt * torch.linspace(-1, 1, yt.numel()).reshape(yt.shape)).sum().backward()
        y, grad = _step(g, x)
        np.testing.assert_allclose(y, yt.detach().numpy(), rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(grad, xt.grad.numpy(), rtol=1e-3, atol=1e-5)
        np.testing.assert_allclose(g.running_mean.data().asnumpy(), t.running_mean.numpy(), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(g.running_var.data().asnumpy(), t.running_var.numpy(), rtol=1e-5, atol=1e-6)
    x = _x(*shape, seed=9)
    with autograd.predict_mode():
        y = g(nd.array(x)).asnumpy()
    np.testing.assert_allclose(y, t.eval()(torch.from_numpy(x)).detach().numpy(), rtol=1e-5, atol=1e-5)


def test_gluon_batch_norm_alone_records_the_biased_variance():
    """Why the helper exists: nn.BatchNorm's running variance after one step is the biased one."""
    x = _x(8, 3)
    b = nn.BatchNorm(momentum=0.0, in_channels=3)
    b.initialize()
    _step(b, x)
    np.testing.assert_allclose(b.running_var.data().asnumpy(), x.var(axis=0), rtol=1e-5)
    assert not np.allclose(b.running_var.data().asnumpy(), x.var(axis=0, ddof=1), rtol=1e-3)


@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
def test_pad_hybridizes(mode):
    x = _x(2, 3, 4, 5)
    kw = {"value": 1.5} if mode == "constant" else {}
    ref = torch.nn.functional.pad(torch.from_numpy(x), (1, 2, 3, 0), mode=mode, **kw).numpy()
    sym = pad(mx.sym, mx.sym.var("x"), (1, 2, 3, 0), mode, 1.5)
    np.testing.assert_array_equal(sym.eval(x=nd.array(x))[0].asnumpy(), ref)


@pytest.mark.parametrize("mode", ["bilinear", "nearest"])
@pytest.mark.parametrize("padding_mode", ["zeros", "border", "reflection"])
@pytest.mark.parametrize("align_corners", [False, True])
def test_affine_grid_and_grid_sample(mode, padding_mode, align_corners):
    """The spatial-transformer pair (its translated tests also need Tensor.view / size)."""
    from nnport.frameworks.mxnet.support.spatial import affine_grid, grid_sample
    x, theta = _x(2, 3, 5, 6), 1.5 * _x(2, 2, 3, seed=1)
    tf = torch.nn.functional
    grid = tf.affine_grid(torch.from_numpy(theta), (2, 3, 4, 7), align_corners=align_corners)
    ref = tf.grid_sample(torch.from_numpy(x), grid, mode=mode, padding_mode=padding_mode,
                         align_corners=align_corners).numpy()
    sym = affine_grid(mx.sym, mx.sym.var("t"), (2, 3, 4, 7), align_corners)
    g = sym.eval(t=nd.array(theta))[0]
    np.testing.assert_allclose(g.asnumpy(), grid.numpy(), rtol=1e-5, atol=1e-5)
    got = grid_sample(nd.array(x), g, mode, padding_mode, align_corners).asnumpy()
    np.testing.assert_allclose(got, ref, rtol=1e-4, atol=1e-4 * np.abs(ref).max())
