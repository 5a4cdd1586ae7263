"""Each Gluon block the reader tables translate, run on both sides: a HybridBlock holding the block,
converted to PyTorch (sizes recorded from one Gluon run), the Gluon parameters perturbed and copied
(nnport.transfer_weights), outputs compared in inference (imperative and hybridized) and in one
training step (Gluon autograd.record + backward, PyTorch train()), then the running statistics."""
from __future__ import annotations

import numpy as np
import pytest

import mxnet as mx   # collected only where mxnet is installed (tests/conftest.py)
import torch

import nnport
from corpus.gluon_to_torch import compare, flat, perturb
from nnport.frameworks.mxnet import runtime as rt

LAYERS = [
    ("nn.Dense(5)", (2, 3, 4)), ("nn.Dense(5, flatten=False)", (2, 3, 4)),
    ("nn.Dense(5, use_bias=False, activation='sigmoid')", (2, 6)), ("nn.Dense(5, in_units=6, activation='softrelu')", (2, 6)),
    ("nn.Conv1D(4, 3, strides=2, padding=1, dilation=1)", (2, 3, 9)), ("nn.Conv1D(6, 3, groups=3, dilation=2)", (2, 3, 9)),
    ("nn.Conv2D(4, (3, 2), strides=(2, 1), padding=(1, 0), activation='relu')", (2, 3, 7, 6)),
    ("nn.Conv2D(4, 3, dilation=2, use_bias=False)", (2, 2, 8, 8)), ("nn.Conv3D(3, 2, strides=2)", (1, 2, 4, 6, 6)),
    ("nn.Conv1DTranspose(4, 3, strides=2, output_padding=1, in_channels=3)", (2, 3, 5)),
    ("nn.Conv2DTranspose(4, 3, strides=2, padding=1, output_padding=1, in_channels=2)", (2, 2, 4, 5)),
    ("nn.Conv3DTranspose(2, 2, strides=2, in_channels=3)", (1, 3, 2, 3, 3)),
    ("nn.BatchNorm()", (4, 3, 5, 5)), ("nn.BatchNorm(momentum=0.5, epsilon=1e-3)", (6, 4)),
    ("nn.BatchNorm(in_channels=3)", (4, 3, 7)), ("nn.BatchNorm()", (2, 2, 3, 4, 4)),
    ("nn.LayerNorm(epsilon=1e-3)", (2, 3, 6)), ("nn.InstanceNorm(center=True, scale=True)", (2, 3, 5, 5)),
    ("nn.InstanceNorm(center=False, scale=False)", (2, 3, 7)), ("nn.GroupNorm(num_groups=3)", (2, 6, 4, 4)),
    ("nn.Dropout(0.4)", (3, 5)), ("nn.Activation('relu')", (3, 5)), ("nn.Activation('tanh')", (3, 5)),
    ("nn.Activation('sigmoid')", (3, 5)), ("nn.Activation('softrelu')", (3, 5)), ("nn.Activation('softsign')", (3, 5)),
    ("nn.LeakyReLU(0.2)", (3, 5)), ("nn.ELU(0.7)", (3, 5)), ("nn.GELU()", (3, 5)), ("nn.SELU()", (3, 5)),
    ("nn.Swish()", (3, 5)), ("nn.PReLU(in_channels=3)", (2, 3, 4)), ("nn.PReLU()", (2, 3, 4)), ("nn.Flatten()", (2, 3, 4)),
    ("nn.MaxPool1D(3, strides=2, padding=1)", (2, 3, 9)), ("nn.MaxPool2D((2, 3), ceil_mode=True)", (2, 3, 7, 8)),
    ("nn.MaxPool3D(2)", (1, 2, 4, 4, 4)), ("nn.AvgPool1D(2)", (2, 3, 8)),
    ("nn.AvgPool2D(3, strides=2, padding=1, count_include_pad=False)", (2, 3, 7, 7)),
    ("nn.AvgPool2D(3, strides=1, padding=1)", (2, 3, 5, 5)), ("nn.AvgPool3D(2, strides=1)", (1, 2, 3, 4, 4)),
    ("nn.GlobalAvgPool1D()", (2, 3, 5)), ("nn.GlobalAvgPool2D()", (2, 3, 4, 5)), ("nn.GlobalAvgPool3D()", (1, 2, 3, 3, 3)),
    ("nn.GlobalMaxPool1D()", (2, 3, 5)), ("nn.GlobalMaxPool2D()", (2, 3, 4, 5)), ("nn.GlobalMaxPool3D()", (1, 2, 3, 3, 3)),
    ("rnn.LSTM(5)", (4, 2, 3)), ("rnn.LSTM(5, num_layers=2, layout='NTC', bidirectional=True)", (2, 4, 3)),
    ("rnn.GRU(4, layout='NTC', input_size=3)", (2, 5, 3)), ("rnn.GRU(4, num_layers=3, bidirectional=True)", (5, 2, 3)),
    ("rnn.RNN(4)", (5, 2, 3)), ("rnn.RNN(4, activation='tanh', num_layers=2, layout='NTC')", (2, 5, 3)),
]
EMBEDDING = ("nn.Embedding(10, 4)", (3, 5))


def _code(construction: str) -> str:
    return ("import numpy as np\nimport mxnet as mx\nfrom mxnet import gluon\nfrom mxnet.gluon import nn, rnn\n\n\n"
            "class Model(gluon.HybridBlock):\n    def __init__(self):\n        super().__init__()\n"
            f"        self.layer = {construction}\n\n    def hybrid_forward(self, F, x):\n        return self.layer(x)\n\n\n"
            "def get_init_inputs():\n    return []\n\n\ndef get_inputs():\n    return [INPUT]\n")


def _run(construction: str, x: np.ndarray):
    code = _code(construction)
    ns = {"INPUT": x}
    exec(compile(code, "<gluon>", "exec"), ns)   # noqa: S102
    conv = nnport.convert(code.replace("[INPUT]", f"[np.asarray({x.tolist()!r}, dtype='{x.dtype}')]"),
                          source="mxnet", to="torch")
    assert not conv.issues, [d.message for d in conv.issues]
    t = {}
    exec(compile(conv.code, "<torch>", "exec"), t)   # noqa: S102
    mx.random.seed(0)
    g, tm = ns["Model"](), t["Model"]()
    g.initialize(mx.init.Xavier())
    tx = torch.from_numpy(x.astype(np.int64) if x.dtype.kind == "i" else x)
    rt.prepare(g, [x])
    perturb(g)
    written = nnport.transfer_weights(g, tm, example_inputs=[tx])
    tm.eval()
    with torch.no_grad():
        got = flat(tm(tx))
    compare(flat(rt.call(g, [x], {}, train=False)), got, 1e-5, f"{construction} eval")
    g.hybridize()
    compare(flat(rt.call(g, [x], {}, train=False)), got, 1e-5, f"{construction} eval (hybridized)")
    if "Dropout" not in construction:   # dropout draws different numbers on each side
        g.hybridize(active=False)
        tm.train()
        with torch.no_grad():
            got = flat(tm(tx))
        compare(flat(rt.call(g, [x], {}, train=True)), got, 1e-5, f"{construction} train")
        gvars = {".".join(k): p for k, p in rt.variables(g).items()}
        bufs = dict(tm.named_buffers())
        for tpath, gpath in written.items():
            if gpath.rsplit(".", 1)[-1] in ("running_mean", "running_var"):
                compare([gvars[gpath].data().asnumpy()], [bufs[tpath].numpy()], 1e-5, f"{construction} {tpath}", 1.0)
    return conv


@pytest.mark.parametrize("construction, shape", LAYERS, ids=[c for c, _ in LAYERS])
def test_layer(construction, shape):
    x = np.random.default_rng(1).normal(size=shape).astype("float32")
    _run(construction, x)


def test_embedding():
    x = np.random.default_rng(2).integers(0, 10, size=EMBEDDING[1]).astype("int32")
    _run(EMBEDDING[0], x)
