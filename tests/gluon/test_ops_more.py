"""reading/ops_more.py (and reshape(reverse=True) of ops.py): each mxnet.ndarray operator read back, run by real Gluon 1.9.1 and by its
PyTorch translation on the same random inputs (and weights), outputs compared (1e-5 of their scale;
runs in .venv-mxnet)."""
from __future__ import annotations

import pytest

from corpus.gluon_to_torch import TOL, run_code

INPUTS = '''def get_init_inputs():
    return []


def get_inputs():
    return [np.random.randn(2, 3, 8, 8).astype(np.float32)]
'''
MODEL = '''import mxnet as mx
import numpy as np
from mxnet import gluon, nd
from mxnet.gluon import nn


class Model(gluon.HybridBlock):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(4, 3, padding=1, in_channels=3)

    def hybrid_forward(self, F, x):
        x = self.conv(x)
        return {body}


''' + INPUTS


CASES = {
    "cast": "F.cast(x > 0, dtype='float32') * x",
    "pooling_max": "F.Pooling(x, kernel=(2, 2), pool_type='max', stride=(2, 2))",
    "pooling_avg_full_pad": "F.Pooling(x, kernel=(3, 3), pool_type='avg', stride=(2, 2), pad=(1, 1), "
                            "pooling_convention='full')",
    "pooling_global": "F.Pooling(x, kernel=(1, 1), pool_type='max', global_pool=True)",
    "pooling_stride_default": "F.Pooling(x, kernel=(3, 3), pool_type='avg')",
    "adaptive_avg": "F.contrib.AdaptiveAvgPooling2D(x, output_size=(3, 2))",
    "argmax": "F.argmax(x, axis=1), F.argmin(x, axis=-1, keepdims=True), F.argmax(x)",
    "arange_eye": "F.broadcast_add(x, F.reshape(F.arange(8), (1, 1, 1, 8))), F.eye(3, 4) * 2, F.arange(2, 9, 3)",
    "broadcast_like": "F.broadcast_like(F.sum(x, axis=1, keepdims=True), x), "
                      "F.broadcast_to(F.sum(x, axis=(2, 3), keepdims=True), shape=(2, 4, 8, 8))",
    "unary": "F.arcsin(F.tanh(x)) + F.arctan(x) + F.sinh(x) + F.cosh(x) + F.log2(F.abs(x) + 1) "
             "+ F.log10(F.abs(x) + 1) + F.trunc(x * 3) + F.identity(x) + F.arcsinh(x) + F.tan(x * 0.1)",
    "compare": "F.broadcast_greater(x, F.zeros_like(x)) * x, F.broadcast_lesser_equal(x, x * 2) * 1.0, "
               "F.broadcast_mod(x, F.ones_like(x) * 0.7), F.broadcast_hypot(x, x * 2)",
    "flip_reshape_like": "F.flip(x, axis=1) + F.reshape_like(F.reshape(x, (-1,)), x), F.cumsum(x, axis=2)",
    "hard_sigmoid": "F.hard_sigmoid(x, alpha=1 / 6, beta=0.5)",
    "reshape_reverse": "F.reshape(x, (-1, 0), reverse=True), F.reshape(x, (0, 0, -1, 4), reverse=True)",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_operator_read_back_is_equal(name):
    r = run_code(MODEL.format(body=CASES[name]), name)
    assert r["eval_err"] <= TOL and r["train_err"] <= TOL


def test_array_in_an_imperative_block_is_float32():
    """nd.array (no hybrid_forward can make one): float32 by default, as MXNet's (PyTorch infers int64)."""
    code = MODEL.replace("gluon.HybridBlock", "gluon.Block").replace("hybrid_forward(self, F, x)", "forward(self, x)")
    r = run_code(code.format(body="x / nd.sum(nd.array([1, 2]))"), "array")
    assert r["eval_err"] <= TOL and not r["hybrid"]


def test_refused_with_a_diagnostic():
    import nnport
    for body, why in (("F.Pooling(x, kernel=(2, 2), pool_type='lp')", "pool_type='lp'"),
                      ("F.hard_sigmoid(x)", "alpha != 1/6"), ("F.cumsum(x)", "axis=None")):
        conv = nnport.convert(MODEL.format(body=body), source="mxnet", to="torch")
        assert any(why in d.message for d in conv.issues), (body, [d.message for d in conv.issues])


def test_pixel_shuffle_2d_is_pixel_shuffle():
    code = MODEL.replace("from mxnet.gluon import nn", "from mxnet.gluon import contrib, nn").replace(
        "self.conv = nn.Conv2D(4, 3, padding=1, in_channels=3)",
        "self.conv = nn.Conv2D(8, 3, padding=1, in_channels=3)\n        self.up = contrib.nn.PixelShuffle2D(2)")
    r = run_code(code.format(body="self.up(x)"), "pixel_shuffle")
    assert r["eval_err"] <= TOL and r["train_err"] <= TOL
