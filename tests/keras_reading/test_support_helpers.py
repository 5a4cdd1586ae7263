"""The Keras writer's helpers read back (keras/reading/support_helpers.py, support_readers.py): a Keras
file with the writer's copied definitions (keras/support/*) translated to PyTorch's own API, the copies
dropped, and numerically equal to Keras running the helper (same weights, random inputs)."""
import pytest

import subclass_check
from nnport.frameworks.keras.reading.support_helpers import HELPERS, definitions
from nnport.frameworks.keras.support import SUPPORT

IMG, SEQ = (2, 3, 8, 8), (2, 3, 7)


def _with_helpers(names):
    """subclass_check.source with the support definitions `names` (and what they use) after the imports."""
    defs = definitions()
    order = []
    for path in sorted(SUPPORT.folder.glob("*.py")):
        for name in names:
            if name in SUPPORT.definitions(path.stem):
                for d in [*SUPPORT.uses(path.stem, name), name]:
                    if d not in order:
                        order.append(d)
    text = "import itertools\nimport math\n" + "\n\n".join(defs[d] for d in order) + "\n\n"
    real = subclass_check.source

    def source(body, inputs, init="pass"):
        code = real(body, inputs, init)
        head, _, rest = code.partition("\n\n\nclass Model")
        return head + "\n\n\n" + text + "\nclass Model" + rest
    return source


# (helper names, init, body, inputs, what the PyTorch code must say)
CASES = [
    (["ChannelsFirstConv2D"], "self.c = ChannelsFirstConv2D(4, 3, padding='same', data_format='channels_first')",
     "return self.c(x)", [IMG], "nn.Conv2d(3, 4, 3, padding='same')"),
    (["ChannelsFirstConv1D"], "self.c = ChannelsFirstConv1D(5, 2, data_format='channels_first')",
     "return self.c(x)", [SEQ], "nn.Conv1d(3, 5, 2)"),
    (["ChannelsFirstConv3D"], "self.c = ChannelsFirstConv3D(2, 2, data_format='channels_first')",
     "return self.c(x)", [(2, 3, 4, 4, 4)], "nn.Conv3d(3, 2, 2)"),
    (["PaddedConv2D"], "self.c = PaddedConv2D(4, 3, strides=2, data_format='channels_first', use_bias=False, "
     "pads=((1, 1), (1, 1)))", "return self.c(x)", [IMG], "nn.Conv2d(3, 4, 3, stride=2, padding=(1, 1), bias=False)"),
    (["PaddedConv2D"], "self.c = PaddedConv2D(4, 3, data_format='channels_first', pads=((1, 1), (1, 1)), "
     "padding_mode='reflect')", "return self.c(x)", [IMG], "padding_mode='reflect'"),
    (["PaddedConv1D"], "p = 2\nself.c = PaddedConv1D(4, 3, data_format='channels_first', dilation_rate=2, pads=p)",
     "return self.c(x)", [SEQ], "padding=p"),
    (["PaddedConv3D"], "self.c = PaddedConv3D(2, 3, data_format='channels_first', pads=1)",
     "return self.c(x)", [(2, 3, 4, 4, 4)], "nn.Conv3d(3, 2, 3, padding=1)"),
    (["BatchNorm"], "self.n = BatchNorm()", "return self.n(x)", [IMG], "nn.BatchNorm2d(3)"),
    (["BatchNorm"], "self.n = BatchNorm(momentum=0.99, epsilon=1e-3)", "return self.n(x)", [SEQ],
     "nn.BatchNorm1d(3, eps=1e-3, momentum=0.01)"),
    (["PReLU"], "self.a = PReLU(num_parameters=3, init=0.2)", "return self.a(x)", [IMG],
     "nn.PReLU(num_parameters=3, init=0.2)"),
    (["PReLU"], "self.a = PReLU()", "return self.a(x)", [SEQ], "nn.PReLU()"),
    (["AlphaDropout"], "self.d = AlphaDropout(0.1)", "return self.d(x)", [SEQ], "nn.AlphaDropout(0.1)"),
    (["AlphaDropout"], "self.d = AlphaDropout(0.2, channel_axis=1)", "return self.d(x)", [IMG],
     "nn.FeatureAlphaDropout(0.2)"),
    (["batch_pool"], "pass", "return batch_pool(ops.max_pool, x, 2, 2, 2, data_format='channels_first')", [IMG],
     "F.max_pool2d(x, 2, 2)"),
    (["batch_pool"], "pass", "return batch_pool(ops.average_pool, x, 1, 3, data_format='channels_first')", [SEQ],
     "F.avg_pool1d(x, 3)"),
    (["pad_nd"], "pass", "return pad_nd(x, [(1, 2), (0, 1)], 'reflect')", [IMG], "F.pad(x, (0, 1, 1, 2), 'reflect')"),
    (["pad_nd"], "pass", "return pad_nd(x, [(1, 1)], value=0.5)", [SEQ], "F.pad(x, (1, 1), value=0.5)"),
    (["pad_nd"], "self.p = layers.Lambda(lambda x: pad_nd(x, [(1, 1), (2, 2)], 'replicate'))", "return self.p(x)",
     [IMG], "nn.ReplicationPad2d((2, 2, 1, 1))"),
    (["squeeze"], "pass", "return squeeze(x, 1)", [(2, 1, 4)], "x.squeeze(1)"),
    (["expand"], "pass", "return expand(x, (2, -1, 4))", [(1, 3, 4)], "expand"),
    (["split_sizes"], "pass", "return split_sizes(x, 3, axis=2)", [SEQ], "x.split(3, dim=2)"),
    (["chunk"], "pass", "return chunk(x, 2, axis=2)", [SEQ], "x.chunk(2, dim=2)"),
    (["pixel_shuffle"], "pass", "return pixel_shuffle(x, 2)", [(2, 8, 3, 3)], "F.pixel_shuffle(x, 2)"),
    (["pixel_unshuffle"], "pass", "return pixel_unshuffle(x, 2)", [(2, 2, 4, 4)], "F.pixel_unshuffle(x, 2)"),
    (["channel_shuffle"], "pass", "return channel_shuffle(x, 2)", [(2, 4, 3, 3)], "F.channel_shuffle(x, 2)"),
    (["local_response_norm"], "self.n = layers.Lambda(lambda x: local_response_norm(x, size=3, k=2.0))",
     "return self.n(x)", [IMG], "nn.LocalResponseNorm(3, k=2.0)"),
    (["scaled_dot_product_attention"], "pass", "return scaled_dot_product_attention(x0, x1, x2, is_causal=True)",
     [SEQ, SEQ, SEQ], "F.scaled_dot_product_attention(x0, x1, x2, is_causal=True)"),
    (["adaptive_pool"], "self.p = layers.Lambda(lambda x: adaptive_pool(x, (2, 2)))", "return self.p(x)", [IMG],
     "nn.AdaptiveAvgPool2d((2, 2))"),
    (["adaptive_pool"], "pass", "return adaptive_pool(x, (3,), 'max')", [SEQ], "F.adaptive_max_pool1d(x, (3,))"),
    # support functions with PyTorch's own signature
    (["layer_norm"], "pass", "return layer_norm(x, (7,), eps=1e-3)", [SEQ], "layer_norm("),
    (["group_norm"], "pass", "return group_norm(x, 1)", [SEQ], "group_norm("),
    (["rms_norm"], "pass", "return rms_norm(x, (7,), eps=1e-6)", [SEQ], "rms_norm("),
    (["instance_norm"], "pass", "return instance_norm(x)", [SEQ], "instance_norm("),
    (["batch_norm"], "pass", "return batch_norm(x, ops.mean(x, axis=(0, 2)), ops.var(x, axis=(0, 2)) + 1.0)", [SEQ],
     "batch_norm("),
    (["prelu"], "pass", "return prelu(x, ops.ones((3,)) * 0.1)", [SEQ], "F.prelu("),
    (["topk"], "pass", "v, i = topk(x, 2)\nreturn v", [SEQ], "topk("),
    (["grid_sample"], "pass", "return grid_sample(x0, ops.tanh(x1))", [IMG, (2, 4, 4, 2)], "F.grid_sample("),
    (["affine_grid"], "pass", "return affine_grid(x, (2, 3, 4, 4))", [(2, 2, 3)], "F.affine_grid("),
    (["interpolate"], "pass", "return interpolate(x, scale_factor=2)", [IMG], "F.interpolate("),
    (["unfold"], "pass", "return unfold(x, 2)", [IMG], "F.unfold("),
    (["fold"], "pass", "return fold(x, (3, 3), 2)", [(2, 8, 4)], "F.fold("),
    (["unfold_dim"], "pass", "return unfold_dim(x, 2, 3, 2)", [SEQ], "unfold("),
    (["rot90"], "pass", "return rot90(x, 1, (1, 2))", [SEQ], "rot90("),
    (["cosine_similarity"], "pass", "return cosine_similarity(x0, x1)", [SEQ, SEQ], "cosine_similarity("),
    (["gather"], "pass", "return gather(x, 2, ops.cast(ops.zeros((2, 3, 2)), 'int32'))", [SEQ], "gather("),
    (["scatter"], "pass", "return scatter(x, 2, ops.cast(ops.zeros((2, 3, 1)), 'int32'), ops.ones((2, 3, 1)))", [SEQ],
     "scatter("),
    (["pad_sequence"], "pass", "return pad_sequence([x0, x1], batch_first=True)", [(3, 2), (5, 2)], "pad_sequence("),
    (["max_pool"], "pass", "return max_pool(x, (3, 3), (2, 2), 1)", [IMG], "F.max_pool2d("),
    (["avg_pool"], "pass", "return avg_pool(x, (2,), (1,), ceil_mode=True)", [SEQ], "F.avg_pool1d("),
    (["lp_pool"], "pass", "return lp_pool(ops.abs(x), 2.0, (2, 2))", [IMG], "lp_pool2d("),
    (["tril_indices"], "pass", "return x + ops.cast(ops.sum(tril_indices(3, 7)), 'float32')", [SEQ], "tril_indices("),
    (["triu_indices"], "pass", "return x + ops.cast(ops.sum(triu_indices(3, 7, 1)), 'float32')", [SEQ],
     "triu_indices("),
    (["vstack"], "pass", "return vstack([x0, x1])", [(4,), (2, 4)], "vstack("),
    (["column_stack"], "pass", "return column_stack([x0, x1])", [(4,), (4, 2)], "column_stack("),
    (["atleast_1d"], "pass", "return atleast_1d(ops.sum(x))", [SEQ], "atleast_1d("),
    (["atleast_2d"], "pass", "return atleast_2d(x)", [(4,)], "atleast_2d("),
    (["atleast_3d"], "pass", "return atleast_3d(x)", [(4, 3)], "atleast_3d("),
    (["block_diag"], "pass", "return block_diag(x0, x1)", [(2, 3), (1, 2)], "block_diag("),
    (["broadcast_tensors"], "pass", "a, b = broadcast_tensors(x0, x1)\nreturn a + b", [(2, 1, 7), (3, 1)],
     "broadcast_tensors("),
    (["tensor_split"], "pass", "return tensor_split(x, 3, axis=2)", [SEQ], "tensor_split("),
    (["vector_norm"], "pass", "return vector_norm(x, 3, axis=1)", [SEQ], "vector_norm("),
    (["var_corrected"], "pass", "return var_corrected(x, axis=2, correction=0)", [SEQ], "var("),
    (["ChannelsFirstConv2DTranspose"], "self.c = ChannelsFirstConv2DTranspose(4, 3, strides=2, "
     "data_format='channels_first')", "return self.c(x)", [(2, 3, 5, 5)], "nn.ConvTranspose2d(3, 4, 3, stride=2)"),
    (["ChannelsFirstConv1DTranspose"], "self.c = ChannelsFirstConv1DTranspose(4, 3, data_format='channels_first')",
     "return self.c(x)", [SEQ], "nn.ConvTranspose1d(3, 4, 3)"),
    (["ChannelsFirstConv3DTranspose"], "self.c = ChannelsFirstConv3DTranspose(2, 2, data_format='channels_first')",
     "return self.c(x)", [(2, 3, 3, 3, 3)], "nn.ConvTranspose3d(3, 2, 2)"),
    (["CroppedConv2DTranspose"], "self.c = CroppedConv2DTranspose(4, 4, strides=2, data_format='channels_first', "
     "use_bias=False, crop=(1, 1))", "return self.c(x)", [(2, 3, 5, 5)], "padding=(1, 1)"),
    (["CroppedConv1DTranspose"], "self.c = CroppedConv1DTranspose(4, 3, strides=2, data_format='channels_first', "
     "output_padding=1, crop=(1,))", "return self.c(x)", [SEQ], "output_padding=1"),
    (["CroppedConv3DTranspose"], "self.c = CroppedConv3DTranspose(2, 3, data_format='channels_first', crop=(1, 1, 1))",
     "return self.c(x)", [(2, 3, 3, 3, 3)], "nn.ConvTranspose3d("),
    (["DilatedConv2DTranspose"], "self.c = DilatedConv2DTranspose(4, 3, strides=2, data_format='channels_first', "
     "dilation_rate=2, crop=(1, 1))", "return self.c(x)", [(2, 3, 5, 5)], "dilation=2"),
    (["DilatedConv1DTranspose"], "self.c = DilatedConv1DTranspose(4, 2, strides=2, data_format='channels_first', "
     "dilation_rate=2, crop=(0,))", "return self.c(x)", [SEQ], "dilation=2"),
    (["DilatedConv3DTranspose"], "self.c = DilatedConv3DTranspose(2, 2, strides=2, data_format='channels_first', "
     "dilation_rate=2, crop=(0, 0, 0))", "return self.c(x)", [(2, 3, 2, 2, 2)], "dilation=2"),
    (["Bilinear"], "self.b = Bilinear(7, 7, 4)", "return self.b(x0, x1)", [SEQ, SEQ], "nn.Bilinear(7, 7, 4)"),
    (["EmbeddingBag"], "self.e = EmbeddingBag(10, 4, mode='sum')", "return self.e(x)", [((2, 5), "int")],
     "nn.EmbeddingBag(10, 4, mode='sum')"),
]


@pytest.mark.parametrize("names,init,body,inputs,says", CASES, ids=[f"{c[0][0]}-{i}" for i, c in enumerate(CASES)])
def test_helper_read_back(monkeypatch, names, init, body, inputs, says):
    monkeypatch.setattr(subclass_check, "source", _with_helpers(names))
    conv = subclass_check.run(body, inputs, init=init)
    assert says in conv.code, conv.code
    for name in names:   # the copied definitions are gone: PyTorch's API instead
        assert f"def {name}(" not in conv.code and f"class {name}(" not in conv.code, conv.code
    assert "keras" not in conv.code and "nnport_support" not in conv.code


# PyTorch's recurrent, attention and transformer layers: their Keras copies keep the weights in Keras
# sublayers, so they are checked by the round trip PyTorch -> Keras -> PyTorch (on the same weights):
# corpus models, and small models here for what the corpus does not use
ROUND_TRIP = {"GRU": "gru_initial_hidden", "MultiheadAttention": "multihead_attention"}
_TORCH = """\
import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()
{init}

    def forward(self, x, y):
{body}


def get_init_inputs():
    return []


def get_inputs():
    return [torch.randn(2, 5, 8), torch.randn(2, 3, 8)]
"""
INLINE = {
    "RNN": ("self.r = nn.RNN(8, 6, num_layers=2, nonlinearity='relu', batch_first=True)",
            "out, h = self.r(x)\nreturn out, h"),
    "RNNCell": ("self.c = nn.RNNCell(8, 6)", "return self.c(x[:, 0]) + self.c(x[:, 1])"),
    "TransformerDecoderLayer": ("layer = nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, dropout=0.0, "
                                "batch_first=True)\nself.d = nn.TransformerDecoder(layer, 2)", "return self.d(y, x)"),
    "LSTM": ("self.r = nn.LSTM(8, 6, batch_first=True, bidirectional=True)",
             "out, (h, c) = self.r(x)\nreturn out, h, c"),
    "LSTMCell": ("self.c = nn.LSTMCell(8, 6)", "h, c = self.c(x[:, 0])\nreturn self.c(x[:, 1], (h, c))"),
    "GRUCell": ("self.c = nn.GRUCell(8, 6)", "return self.c(x[:, 1], self.c(x[:, 0]))"),
    "TransformerEncoderLayer": ("layer = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, "
                                "activation='gelu', batch_first=True, norm_first=True)\n"
                                "self.e = nn.TransformerEncoder(layer, 2)", "return self.e(x)"),
    "Transformer": ("self.t = nn.Transformer(8, 2, 1, 1, dim_feedforward=16, dropout=0.0, batch_first=True)",
                    "return self.t(x, y)"),
}
INLINE["TransformerDecoder"] = INLINE["TransformerDecoderLayer"]
INLINE["TransformerEncoder"] = INLINE["TransformerEncoderLayer"]


@pytest.mark.parametrize("model", sorted(set(ROUND_TRIP.values())))
def test_round_trip_through_the_helpers(model):
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from corpus.runner import TORCH_DIR, run_round_trip
    used = {n for n, m in ROUND_TRIP.items() if m == model}
    assert all(f"nn.{n}(" in (TORCH_DIR / f"{model}.py").read_text() for n in used)
    run_round_trip(model, via="keras")   # raises where the outputs or buffers differ


@pytest.mark.parametrize("name", sorted(INLINE))
def test_round_trip_inline(name):
    import textwrap
    import nnport
    import torch
    from harness import compare, load
    init, body = (textwrap.indent(t, " " * 8) for t in INLINE[name])
    code = _TORCH.format(init=init, body=body)
    there = nnport.convert(code, to="keras", source="torch")
    assert f"class {name}(" in there.code   # the writer's helper
    back = nnport.convert(there.code, to="torch", source="keras")
    assert f"nn.{name}(" in back.code and f"class {name}(" not in back.code, back.code
    src, dst = load(code), load(back.code)
    torch.manual_seed(0)
    xs = src.get_inputs()
    a, b = src.Model(), dst.Model()
    nnport.transfer_weights(a, b)
    a.eval(), b.eval()
    with torch.no_grad():
        compare(a(*xs), b(*xs), 1e-5, f"{name} round trip")


def test_every_helper_reader_has_a_case():
    covered = {n for c in CASES for n in c[0]} | set(ROUND_TRIP) | set(INLINE)
    assert sorted(set(HELPERS) - covered) == []


def test_a_user_definition_of_the_same_name_is_user_code():
    """A class named like a helper but written otherwise stays the user's (translated as a module)."""
    import nnport
    code = subclass_check.source("return self.a(x)", [SEQ], init="self.a = PReLU()").replace(
        "\n\n\nclass Model", "\n\n\nclass PReLU(keras.layers.Layer):\n    def call(self, x):\n"
        "        return ops.relu(x) * 2.0\n\n\nclass Model")
    out = nnport.convert(code, source="keras", to="torch").code
    assert "class PReLU(nn.Module)" in out and "nn.PReLU" not in out, out
