"""Each mxnet.ndarray operator the Gluon reader tables translate, run on both sides: a HybridBlock
whose hybrid_forward is one expression, converted to PyTorch, compared with Gluon imperatively and
hybridized (tolerance 1e-5 relative), and the NDArray methods in a gluon.Block's forward."""
from __future__ import annotations

import numpy as np
import pytest

import mxnet as mx   # collected only where mxnet is installed (tests/conftest.py)
import torch

import nnport

RNG = np.random.default_rng(0)
X = RNG.normal(size=(2, 3, 4)).astype("float32")
Y = RNG.normal(size=(2, 3, 4)).astype("float32")
M = RNG.normal(size=(4, 5)).astype("float32")
IDS = np.array([[0, 2, 1], [3, 0, 1]], dtype="int32")

OPS = [
    "F.relu(x)", "F.sigmoid(x)", "F.tanh(x)", "F.exp(x)", "F.log(F.abs(x) + 1)", "F.sqrt(F.abs(x))",
    "F.square(x)", "F.sign(x)", "F.erf(x)", "F.reciprocal(x + 5)", "F.rsqrt(F.abs(x) + 1)", "F.floor(x)",
    "F.ceil(x)", "F.sin(x)", "F.cos(x)", "F.log1p(F.abs(x))", "F.expm1(x)", "F.negative(x)", "F.softsign(x)",
    "F.zeros_like(x) + 1", "F.ones_like(x) * x", "F.stop_gradient(x)", "F.BlockGrad(x)", "F.flatten(x)",
    "F.softmax(x)", "F.softmax(x, axis=1)", "F.softmax(x, temperature=2.0)", "F.log_softmax(x, axis=0)",
    "F.concat(x, y)", "F.concat(x, y, dim=2)", "F.stack(x, y)", "F.stack(x, y, axis=2)",
    "F.reshape(x, shape=(0, -1))", "F.reshape(x, shape=(-3, 0))", "F.reshape(x, shape=(0, 0, -4, 2, -1))", "F.reshape(x, shape=(0, 0, -4, -1, 2))",
    "F.reshape(x, shape=(-1, 2))", "F.reshape(x, shape=(0, -2))", "F.reshape(x * 2, shape=(0, 0, -1))",
    "F.transpose(x)", "F.transpose(x, axes=(1, 0, 2))", "F.swapaxes(x, 0, 2)", "F.SwapAxis(x, dim1=1, dim2=2)",
    "F.expand_dims(x, axis=1)", "F.squeeze(F.expand_dims(x, axis=0))", "F.squeeze(F.expand_dims(x, axis=2), axis=2)",
    "F.broadcast_add(x, F.mean(x, axis=1, keepdims=True))", "F.broadcast_sub(x, y)", "F.broadcast_mul(x, y)",
    "F.broadcast_div(x, F.abs(y) + 1)", "F.broadcast_maximum(x, y)", "F.broadcast_minimum(x, y)",
    "F.broadcast_power(F.abs(x), y)", "F.elemwise_add(x, y)", "F.elemwise_sub(x, y)", "F.elemwise_mul(x, y)",
    "F.elemwise_div(x, F.abs(y) + 1)", "F.maximum(x, 0.5)", "F.minimum(x, y)",
    "F.dot(x, m)", "F.dot(F.reshape(x, shape=(-1, 4)), m, transpose_b=False)",
    "F.batch_dot(x, y, transpose_b=True)", "F.batch_dot(x, y, transpose_a=True)",
    "F.linalg.gemm2(x, y, transpose_b=True, alpha=0.5)", "F.linalg_gemm2(x, y, transpose_a=True)",
    "F.sum(x)", "F.sum(x, axis=1)", "F.mean(x, axis=(0, 2), keepdims=True)", "F.max(x, axis=-1)",
    "F.min(x, axis=0)", "F.prod(x, axis=2)", "F.nansum(x, axis=1)",
    "F.slice_axis(x, axis=1, begin=1, end=3)", "F.slice_axis(x, axis=-1, begin=0, end=None)",
    "F.slice_axis(x, axis=2, begin=-2, end=None)", "F.take(m, ids)", "F.take(x, ids, axis=2)",
    "F.pick(x, F.zeros_like(F.sum(x, axis=1)) + 1, axis=1)", "F.pick(x, F.ones_like(F.sum(x, axis=2)), keepdims=True)",
    "F.where(x > 0, x, y)", "F.where(F.relu(x), x, y)", "F.clip(x, -0.5, 0.5)", "F.tile(x, reps=(1, 2, 1))", "F.repeat(x, repeats=2, axis=1)",
    "F.split(x, num_outputs=2, axis=2)", "F.Dropout(x, p=0.5) * 0 + x", "F.FullyConnected(x, F.transpose(m), None, num_hidden=5, no_bias=True, flatten=False)",
    "F.FullyConnected(x, F.ones((5, 12)), F.ones((5,)), num_hidden=5)", "F.Activation(x, act_type='softrelu')", "F.Activation(x, act_type='sigmoid')",
    "F.LeakyReLU(x, act_type='elu', slope=0.7)", "F.LeakyReLU(x, act_type='gelu')", "F.LeakyReLU(x, act_type='selu')",
    "F.LeakyReLU(x)", "F.Embedding(ids, m, input_dim=4, output_dim=5)",
]

METHODS = [
    "x.reshape((0, -1))", "x.reshape(6, 4)", "x.transpose((2, 0, 1))", "x.transpose()", "x.swapaxes(0, 1)",
    "x.expand_dims(axis=0)", "x.expand_dims(1).squeeze(axis=1)", "x.flatten()", "x.sum(axis=1)",
    "x.mean(axis=(1, 2), keepdims=True)", "x.max(axis=0)", "x.min()", "x.prod(axis=-1)", "x.exp()",
    "x.abs().log()", "x.abs().sqrt()", "x.square()", "x.sign()", "x.relu()", "x.sigmoid()", "x.tanh()",
    "x.softmax(axis=1)", "x.clip(-0.2, 0.2)",
]


def _gluon(expr: str, hybrid: bool) -> str:
    if hybrid:
        body = f"    def hybrid_forward(self, F, x, y, m, ids):\n        return {expr}\n"
        base = "gluon.HybridBlock"
    else:
        body = f"    def forward(self, x, y, m, ids):\n        return {expr}\n"
        base = "gluon.Block"
    return ("import mxnet as mx\nfrom mxnet import gluon, nd\n\n\n"
            f"class Net({base}):\n{body}")


def _flat(out):
    if isinstance(out, (list, tuple)):
        return [a for o in out for a in _flat(o)]
    return [out.asnumpy() if hasattr(out, "asnumpy") else out.detach().numpy()]


def _check(code: str, hybridize: bool):
    conv = nnport.convert(code, source="mxnet", to="torch")
    assert not conv.issues, [d.message for d in conv.issues]
    g, t = {}, {}
    exec(compile(code, "<gluon>", "exec"), g)   # noqa: S102
    exec(compile(conv.code, "<torch>", "exec"), t)   # noqa: S102
    gnet, tnet = g["Net"](), t["Net"]()
    gnet.initialize()
    args = [X, Y, M, IDS]
    tnet.eval()
    with torch.no_grad():
        got = _flat(tnet(*[torch.from_numpy(a.astype(np.int64) if a.dtype.kind == "i" else a) for a in args]))
    runs = [False, True] if hybridize else [False]
    for h in runs:
        if h:
            gnet.hybridize()
        with mx.autograd.predict_mode():
            ref = _flat(gnet(*[mx.nd.array(a, dtype=a.dtype) for a in args]))
        assert len(ref) == len(got)
        for r, o in zip(ref, got):
            assert r.shape == o.shape, (r.shape, o.shape, conv.code)
            np.testing.assert_allclose(o, r, rtol=1e-5, atol=1e-5 * max(1.0, float(np.abs(r).max())),
                                       err_msg=conv.code)
    return conv


@pytest.mark.parametrize("expr", OPS)
def test_operator(expr):
    _check(_gluon(expr, hybrid=True), hybridize=True)


@pytest.mark.parametrize("expr", METHODS)
def test_ndarray_method(expr):
    _check(_gluon(expr, hybrid=False), hybridize=False)
