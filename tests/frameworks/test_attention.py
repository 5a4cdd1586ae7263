"""Numerical tests of the attention family: nn.MultiheadAttention, transformer layers and stacks,
F.scaled_dot_product_attention (eval mode; dropout is off there)."""
import textwrap

import numpy as np
import pytest

import nnport
from harness import check, expr_case, layer_case, randn


@pytest.fixture(scope="module", autouse=True)
def layer_norm_entries():
    """Transformer layers hold nn.LayerNorm children, whose weights go through the norm family's
    entries. Until that family provides LayerNorm, stand-in entries are registered for this module."""
    from nnport.frameworks.flax.layers import LAYERS as FLAX
    from nnport.frameworks.spec import Entry, W
    from nnport.frameworks.torch.layers import LAYERS as TORCH
    from nnport.translate.emit import call
    if "torch.nn.LayerNorm" in TORCH:
        yield
        return
    added = [(TORCH, TORCH.add(Entry(
        "torch.nn.LayerNorm", "layer_norm", "normalized_shape, eps=1e-05, elementwise_affine=True, bias=True",
        kind="layer", weights={"weight": W("weight", "out"), "bias": W("bias", "out")}))),
        (FLAX, FLAX.add(Entry(
            "flax.nnx.LayerNorm", "layer_norm", "num_features, *, epsilon=1e-6, rngs", kind="layer",
            emit=call("nnx.LayerNorm", "{normalized_shape}", epsilon="{eps}", use_fast_variance="False"),
            weights={"scale": W("weight", "out"), "bias": W("bias", "out")})))]
    yield
    for reg, e in added:
        del reg._by_api[e.api]
        reg._by_op[e.op].remove(e)


@pytest.fixture
def exact_layer_paths(monkeypatch):
    """Engine bug (weights/transfer.py `_same_path`): it drops every 'layers' component of target
    paths (meant for nnx.Sequential.layers), so a ModuleList named `layers` (here
    TransformerEncoder.layers, like PyTorch's) never counts as written. Accept exact paths too."""
    import nnport.weights.transfer as transfer
    strip = transfer._same_path
    monkeypatch.setattr(transfer, "_same_path", lambda dst, w: list(dst) == w.split(".") or strip(dst, w))


def _model(init: str, params: str, body: str, prelude: str = "") -> str:
    """A Model with `init` lines in __init__ and `body` lines (last one returned) in forward."""
    ind = "\n" + " " * 8
    return (f"import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n{prelude}\n\n"
            f"class Model(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
            f"        {ind.join(init.split(';'))}\n\n    def forward(self, {params}):\n"
            f"        {ind.join(body.split(';'))}\n")


def _bool_mask(*shape, seed=0):
    m = np.random.default_rng(seed).random(shape) < 0.3
    m[..., 0] = False   # no fully masked row: PyTorch returns NaN there
    return m


Q, K = randn(5, 2, 8), randn(4, 2, 8, seed=1)
QB, KB = np.swapaxes(Q, 0, 1).copy(), np.swapaxes(K, 0, 1).copy()


@pytest.mark.parametrize("call, inputs", [
    ("self.attn(q, k, k)", [Q, K]),
    ("self.attn(q, q, q, need_weights=False)", [Q]),
    ("self.attn(q, k, k, average_attn_weights=False)", [Q, K]),
    ("self.attn(q, k, k, key_padding_mask=m)", [Q, K, _bool_mask(2, 4)]),
    ("self.attn(q, k, k, key_padding_mask=m)", [Q, K, randn(2, 4, seed=3)]),          # float mask
    ("self.attn(q, k, k, attn_mask=m)", [Q, K, _bool_mask(5, 4)]),
    ("self.attn(q, k, k, attn_mask=m)", [Q, K, randn(5, 4, seed=3)]),
    ("self.attn(q, k, k, attn_mask=m)", [Q, K, _bool_mask(4, 5, 4)]),                 # (N * heads, L, S)
    ("self.attn(q, k, k, attn_mask=m, is_causal=True)", [Q, Q, ~np.tril(np.ones((5, 5), bool))]),
    ("self.attn(q[:, 0], k[:, 0], k[:, 0])", [Q, K]),                                  # unbatched
])
def test_multihead_attention(call, inputs):
    params = ", ".join(["q", "k", "m"][:len(inputs)])
    check(_model("self.attn = nn.MultiheadAttention(8, 2)", params, f"return {call}"), inputs=inputs)


@pytest.mark.parametrize("ctor, inputs", [
    ("nn.MultiheadAttention(8, 4, batch_first=True)", [QB, KB, KB]),
    ("nn.MultiheadAttention(8, 2, bias=False, dropout=0.3)", [Q, K, K]),
    ("nn.MultiheadAttention(8, 2, kdim=3, vdim=6)", [Q, randn(4, 2, 3, seed=4), randn(4, 2, 6, seed=5)]),
])
def test_multihead_attention_options(ctor, inputs):
    check(layer_case(ctor, "q, k, v"), inputs=inputs)


@pytest.mark.parametrize("kw", ["", "activation='gelu', norm_first=True", "bias=False, layer_norm_eps=1e-3",
                                "batch_first=True, dim_feedforward=16, dropout=0.2"])
def test_encoder_layer(kw):
    sep = ", " if kw else ""
    x = QB if "batch_first" in kw else Q
    check(layer_case(f"nn.TransformerEncoderLayer(8, 2{sep}{kw})"), inputs=[x])


def test_encoder_stack_with_masks(exact_layer_paths):
    code = _model("layer = nn.TransformerEncoderLayer(8, 2, 16, batch_first=True);"
                  "self.enc = nn.TransformerEncoder(layer, num_layers=2, norm=nn.LayerNorm(8), "
                  "enable_nested_tensor=False)",
                  "x, pad", "return self.enc(x, mask=torch.triu(torch.ones(5, 5, dtype=torch.bool), 1), "
                  "src_key_padding_mask=pad)")
    check(code, inputs=[QB, _bool_mask(2, 5)])


def test_encoder_stack_causal(exact_layer_paths):
    code = _model("self.enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 2)", "x, m",
                  "return self.enc(x, m, is_causal=True)")
    check(code, inputs=[Q, np.triu(np.full((5, 5), -np.inf, np.float32), 1)])


@pytest.mark.parametrize("kw", ["", "norm_first=True, activation='gelu'", "batch_first=True, bias=False"])
def test_decoder_layer(kw):
    sep = ", " if kw else ""
    x, mem = (QB, KB) if "batch_first" in kw else (Q, K)
    check(layer_case(f"nn.TransformerDecoderLayer(8, 2, 16{sep}{kw})", "x, mem"), inputs=[x, mem])


def test_decoder_stack_with_masks(exact_layer_paths):
    code = _model("layer = nn.TransformerDecoderLayer(8, 2, 16);self.dec = nn.TransformerDecoder(layer, 2)",
                  "x, mem, tm, pad", "return self.dec(x, mem, tgt_mask=tm, memory_key_padding_mask=pad)")
    check(code, inputs=[Q, K, np.triu(np.full((5, 5), -np.inf, np.float32), 1), _bool_mask(2, 4)])


QH, KH, VH = randn(2, 2, 5, 4), randn(2, 2, 6, 4, seed=1), randn(2, 2, 6, 4, seed=2)


@pytest.mark.parametrize("expr, inputs", [
    ("F.scaled_dot_product_attention(q, k, v)", [QH, KH, VH]),
    ("F.scaled_dot_product_attention(q, k, v, is_causal=True)", [QH, KH, VH]),
    ("F.scaled_dot_product_attention(q, k, v, attn_mask=m)", [QH, KH, VH, ~_bool_mask(5, 6)]),
    ("F.scaled_dot_product_attention(q, k, v, m, scale=0.3)", [QH, KH, VH, randn(2, 1, 5, 6, seed=3)]),
    ("F.scaled_dot_product_attention(q, k, v, dropout_p=0.0, is_causal=True)", [QH[0], KH[0], VH[0]]),
    ("F.scaled_dot_product_attention(q, k, v, enable_gqa=True)", [randn(2, 4, 5, 4), KH, VH]),
])
def test_sdpa(expr, inputs):
    check(expr_case(expr, ", ".join("qkvm"[:len(inputs)])), inputs=inputs)


def test_sdpa_dropout_in_eval():
    code = _model("self.p = 0.5", "q, k, v",
                  "return F.scaled_dot_product_attention(q, k, v, dropout_p=self.p if self.training else 0.0)")
    check(code, inputs=[QH, KH, VH])


@pytest.mark.target("flax")
@pytest.mark.parametrize("ctor, message", [
    ("nn.MultiheadAttention(8, 2, add_bias_kv=True)", "add_bias_kv"),
    ("nn.MultiheadAttention(8, 2, add_zero_attn=True)", "add_zero_attn"),
    ("nn.TransformerEncoderLayer(8, 2, activation=F.silu)", "activation"),
])
def test_unsupported(ctor, message):
    conv = nnport.convert(layer_case(ctor), to="flax", source="torch")
    assert any(message in d.message for d in conv.issues), [d.format() for d in conv.issues]
