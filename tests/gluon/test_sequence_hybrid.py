"""The recurrent, attention and sequence translations stay hybridizable (hybrid_forward, no imperative
note), so tests/frameworks_mxnet compares them hybridized too; pad_sequence, which reads lengths,
makes its forward imperative, with a note. Also the two MXNet 1.9 facts the helpers rely on."""
from __future__ import annotations

import numpy as np
import pytest

import mxnet as mx   # collected only where mxnet is installed: .venv-mxnet (tests/conftest.py)
from mxnet import nd

import nnport
from harness import expr_case, layer_case

IMPERATIVE = "written as an imperative gluon.Block"


def _convert(source: str):
    conv = nnport.convert(source, to="mxnet", source="torch")
    assert not conv.issues, [d.format() for d in conv.issues]
    notes = [d.message for d in conv.diagnostics]
    return conv.code, notes


@pytest.mark.parametrize("ctor, params, call", [
    ("nn.LSTM(3, 4, 2, batch_first=True, bidirectional=True)", "x, h, c", "self.layer(x, (h, c))"),
    ("nn.GRUCell(3, 4, bias=False)", "x", "self.layer(x)"),
    ("nn.MultiheadAttention(8, 2)", "q, m", "self.layer(q, q, q, key_padding_mask=m, average_attn_weights=False)"),
    ("nn.TransformerDecoderLayer(8, 2, 16, norm_first=True)", "x, m", "self.layer(x, m, tgt_mask=None)"),
    ("nn.EmbeddingBag(10, 4, mode='max', padding_idx=2)", "x, o", "self.layer(x, o)"),
])
def test_hybrid(ctor, params, call):
    code, notes = _convert(layer_case(ctor, params).replace(f"self.layer({params})", call))
    assert "def hybrid_forward(self, F," in code and "gluon.HybridBlock" in code
    assert not any(IMPERATIVE in n for n in notes), notes


def test_pad_sequence_is_imperative():
    code, notes = _convert(expr_case("torch.nn.utils.rnn.pad_sequence([a, b])", "a, b"))
    assert "def forward(self, a, b)" in code and "pad_sequence([a, b])" in code
    assert any(IMPERATIVE in n and "pad_sequence" in n for n in notes), notes


def test_bool_arithmetic_is_int64():
    """support/attention.py's is_bool: half of a boolean array is 0 (int64), of a float array 0.5;
    the same in a traced graph."""
    b = nd.array(np.array([True, False]), dtype=np.bool_)
    assert (b * 0.5).dtype == np.int64 and (b * 0.5).asnumpy().tolist() == [0, 0]
    s = mx.sym.var("m")
    half = mx.sym.cast(mx.sym.ones_like(s) * 0.5, "float32")
    for value, want in ((b, 0.0), (nd.array([1.0, 0.0]), 0.5)):
        out = half.bind(mx.cpu(), {"m": value}).forward()[0].asnumpy()
        assert out.tolist() == [want, want]


def test_comparisons_are_float():
    """MXNet 1.9 comparisons give the input's dtype (float 0/1), not booleans: a mask computed by a
    comparison in a translated forward reaches attention as an additive mask (see the report)."""
    assert (nd.ones((2,)) > 0).dtype == np.float32
