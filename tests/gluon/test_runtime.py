"""frameworks/mxnet/runtime.py on real Gluon 1.9.1 blocks (runs in .venv-mxnet: `make test`): walking
blocks and parameters, deferred shapes, reading and writing, training-mode calls that update
BatchNorm's running statistics as a training step does, recording each block's call, and gradients
checked against finite differences."""
from __future__ import annotations

import numpy as np
import pytest

import mxnet as mx   # collected only where mxnet is installed: .venv-mxnet (tests/conftest.py)
from mxnet import gluon, nd

from nnport.frameworks.mxnet import runtime as rt


class Net(gluon.HybridBlock):
    def __init__(self, deferred: bool = False, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.fc = gluon.nn.Dense(4, in_units=0 if deferred else 3)
            self.bn = gluon.nn.BatchNorm(momentum=0.8, in_channels=0 if deferred else 4)
            self.body = gluon.nn.HybridSequential()
            self.body.add(gluon.nn.Dense(2, in_units=0 if deferred else 4), gluon.nn.Activation("tanh"))
            self.scale = self.params.get("scale", shape=(2,), init=mx.init.One())

    def hybrid_forward(self, F, x, scale):
        return F.broadcast_mul(self.body(self.bn(self.fc(x))), scale.reshape((1, -1)))


def _x(*shape, seed=0):
    return np.random.RandomState(seed).normal(size=shape).astype("float32")


def test_owns_and_paths():
    net = rt.build(Net, [], {}, seed=0)
    assert rt.owns(net) and not rt.owns(object())
    assert rt.find(net, ("body", "0")) is net.body[0]
    assert rt.find(net, ("nope",)) is None
    assert sorted(rt.variables(net)) == sorted([
        ("scale",), ("fc", "weight"), ("fc", "bias"), ("bn", "gamma"), ("bn", "beta"), ("bn", "running_mean"),
        ("bn", "running_var"), ("body", "0", "weight"), ("body", "0", "bias")])
    assert set(rt.buffers(net)) == {("bn", "running_mean"), ("bn", "running_var")}
    assert rt.parameters(net)[("fc", "weight")].shape == (4, 3)   # (out, in) as PyTorch's Linear


class Shared(gluon.HybridBlock):
    """One block held twice (as TCN's TemporalBlock holds conv1 and a Sequential of it)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.conv1 = gluon.nn.Conv1D(3, 2, in_channels=2)
        self.net = gluon.nn.HybridSequential()
        self.net.add(self.conv1, gluon.nn.Activation("relu"))

    def hybrid_forward(self, F, x):
        return self.net(x)


def test_a_block_held_twice_lists_its_parameters_once_at_the_first_path():
    """As PyTorch's named_parameters: a transfer writes conv1 and the Sequential's entry is the same."""
    net = rt.build(Shared, [], {}, seed=0)
    assert sorted(rt.variables(net)) == [("conv1", "bias"), ("conv1", "weight")]
    assert rt.find(net, ("net", "0")) is net.conv1


def test_transfer_into_a_block_held_twice():
    import torch
    import nnport

    class TorchShared(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = torch.nn.Conv1d(2, 3, 2)
            self.net = torch.nn.Sequential(self.conv1, torch.nn.ReLU())

        def forward(self, x):
            return self.net(x)

    torch.manual_seed(0)
    tm, net = TorchShared(), rt.build(Shared, [], {}, seed=0)
    written = nnport.transfer_weights(tm, net)
    assert set(written) == {"conv1.weight", "conv1.bias"}
    x = _x(2, 2, 5)
    with torch.no_grad():
        ref = tm(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(net(nd.array(x)).asnumpy(), ref, rtol=1e-5, atol=1e-6)


def test_set_array_writes_the_parameter_and_checks_the_shape():
    net = rt.build(Net, [], {}, seed=0)
    w = _x(4, 3)
    assert rt.set_array(net.fc, "weight", w) == (4, 3)
    np.testing.assert_array_equal(rt.get_array(net.fc, "weight"), w)
    np.testing.assert_allclose(net.fc(nd.array(_x(1, 3))).asnumpy(), _x(1, 3) @ w.T + rt.get_array(net.fc, "bias"),
                               rtol=1e-6)
    with pytest.raises(ValueError, match="does not fit"):
        rt.set_array(net.fc, "weight", w.T)
    assert rt.get_array(net.fc, "nothing") is None


def test_deferred_shapes_need_a_first_call():
    net = rt.build(Net, [True], {}, seed=0)
    assert "fc.weight" in rt.unbuilt(net)
    with pytest.raises(ValueError, match="deferred"):
        rt.parameters(net)
    from nnport.errors import WeightTransferError
    with pytest.raises(WeightTransferError, match="deferred"):
        rt.prepare(net, None)
    rt.prepare(net, [_x(5, 3)])
    assert rt.unbuilt(net) == [] and rt.parameters(net)[("fc", "weight")].shape == (4, 3)


@pytest.mark.parametrize("hybridize", [False, True])
def test_training_call_updates_running_statistics_like_a_step(hybridize):
    """Biased batch variance, running = momentum * running + (1 - momentum) * batch; the inference
    call reads the statistics and changes nothing."""
    net = rt.build(Net, [], {}, seed=0)
    if hybridize:
        net.hybridize()
    x = _x(6, 3)
    before = rt.parameters(net)
    out_eval = rt.run(net, [x], train=False, seed=0)
    assert np.all(rt.buffers(net)[("bn", "running_mean")] == 0)
    h = x @ before[("fc", "weight")].T + before[("fc", "bias")]
    rt.run(net, [x], train=True, seed=0)
    stats = rt.buffers(net)
    np.testing.assert_allclose(stats[("bn", "running_mean")], 0.2 * h.mean(0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(stats[("bn", "running_var")], 0.8 + 0.2 * h.var(0), rtol=1e-5)
    for k, v in rt.parameters(net).items():   # the zero loss moved no weight
        np.testing.assert_array_equal(v, before[k])
    # inference with the initial statistics (0, 1): (h - 0) / sqrt(1 + eps)
    ref = np.tanh((h / np.sqrt(1 + 1e-5)) @ before[("body", "0", "weight")].T + before[("body", "0", "bias")])
    np.testing.assert_allclose(out_eval, ref, rtol=1e-5, atol=1e-6)


def test_record_sees_every_block_even_when_hybridized():
    net = rt.build(Net, [], {}, seed=0)
    net.hybridize()
    x = _x(2, 3)
    recs = rt.record(net, [x], train=False, seed=0, max_bytes=10**8)
    paths = [r["path"] for r in recs]
    assert set(paths) == {(), ("fc",), ("bn",), ("body",), ("body", "0"), ("body", "1")}
    by = {r["path"]: r for r in recs}
    np.testing.assert_array_equal(by[("fc",)]["args"][0], x)
    np.testing.assert_allclose(by[()]["output"], rt.run(net, [x], train=False, seed=0), rtol=1e-6)
    np.testing.assert_allclose(by[("body", "1")]["output"], np.tanh(by[("body", "0")]["output"]), rtol=1e-6)


@pytest.mark.parametrize("hybridize", [False, True])
def test_inference_gradients_match_finite_differences(hybridize):
    """Through a BatchNorm with running statistics that are not (0, 1): Gluon's own inference-mode
    backward would treat them as batch statistics (runtime.gradients switches use_global_stats)."""
    net = rt.build(Net, [], {}, seed=0)
    rt.set_array(net.bn, "running_mean", _x(4, seed=2))
    rt.set_array(net.bn, "running_var", np.abs(_x(4, seed=3)) + 0.5)
    if hybridize:
        net.hybridize()
    x = _x(3, 3)
    proj = {"": _x(3, 2, seed=1)}
    in_grads, holder = rt.gradients(net, [x], proj, train=False, seed=0)
    w = rt.parameters(net)[("fc", "weight")]
    g = rt.parameters(holder)[("fc", "weight")]

    def loss(weight):
        rt.set_array(net.fc, "weight", weight)
        return float((rt.run(net, [x], train=False, seed=0).astype("float64") * proj[""]).sum())
    eps = 1e-2
    for idx in [(0, 0), (2, 1), (3, 2)]:
        d = np.zeros_like(w)
        d[idx] = eps
        num = (loss(w + d) - loss(w - d)) / (2 * eps)
        assert abs(num - g[idx]) < 2e-3 * max(1.0, abs(num)), (idx, num, g[idx])
    rt.set_array(net.fc, "weight", w)
    assert in_grads[0].shape == x.shape
    assert np.all(rt.buffers(holder)[("bn", "running_mean")] == 0)
    assert net.bn._kwargs["use_global_stats"] is False   # restored


def test_copy_has_the_same_parameters_and_is_independent():
    net = rt.build(Net, [], {}, seed=0)
    net.hybridize()
    x = _x(2, 3)
    rt.run(net, [x], train=True, seed=0)   # statistics moved, cached graph built
    twin = rt.copy(net)
    for k, v in rt.variables(net).items():
        np.testing.assert_array_equal(rt.variables(twin)[k].data().asnumpy(), v.data().asnumpy())
    np.testing.assert_array_equal(rt.run(twin, [x], train=False, seed=0), rt.run(net, [x], train=False, seed=0))
    rt.set_array(twin.fc, "bias", np.ones(4, "float32"))
    assert not np.any(rt.get_array(net.fc, "bias") == 1)
    with pytest.raises(TypeError, match="did not make"):
        rt.copy(gluon.nn.Dense(2, in_units=2))


def test_dropout_is_active_only_in_training_calls():
    net = rt.build(gluon.nn.Dropout, [0.5], {}, seed=0)
    x = np.ones((4, 16), "float32")
    np.testing.assert_array_equal(rt.run(net, [x], train=False, seed=0), x)
    out = rt.run(net, [x], train=True, seed=0)
    assert (out == 0).any() and set(np.unique(out)) <= {0.0, 2.0}
    np.testing.assert_array_equal(out, rt.run(net, [x], train=True, seed=0))   # seeded
