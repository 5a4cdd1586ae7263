"""PyTorch -> Keras, attention family (functions/attention.py, support/attention.py): F.scaled_dot_product_attention
and nn.MultiheadAttention's masks, run in PyTorch and in Keras on the same weights and inputs (eval mode)."""
import numpy as np
import pytest

from harness import check, expr_case, layer_case, randn

QH, KH, VH = randn(2, 2, 5, 4), randn(2, 2, 6, 4, seed=1), randn(2, 2, 6, 4, seed=2)
Q, K = randn(5, 2, 8), randn(4, 2, 8, seed=1)


def _bool_mask(*shape, seed=0):
    m = np.random.default_rng(seed).random(shape) < 0.3
    m[..., 0] = False   # no fully masked row: PyTorch returns NaN there
    return m


@pytest.mark.parametrize("expr, inputs", [
    ("F.scaled_dot_product_attention(q, k, v)", [QH, KH, VH]),
    ("F.scaled_dot_product_attention(q, k, v, is_causal=True)", [QH, KH, VH]),
    ("F.scaled_dot_product_attention(q, k, v, attn_mask=m)", [QH, KH, VH, ~_bool_mask(5, 6)]),
    ("F.scaled_dot_product_attention(q, k, v, m, scale=0.3)", [QH, KH, VH, randn(2, 1, 5, 6, seed=3)]),
    ("F.scaled_dot_product_attention(q, k, v, dropout_p=0.0, is_causal=True)", [QH[0], KH[0], VH[0]]),
    ("F.scaled_dot_product_attention(q, k, v, enable_gqa=True)", [randn(2, 4, 5, 4), KH, VH]),
])
def test_sdpa(expr, inputs):
    check(expr_case(expr, ", ".join("qkvm"[:len(inputs)])), inputs=inputs, to="keras")


def test_sdpa_dropout_in_eval():
    code = expr_case("F.scaled_dot_product_attention(q, k, v, dropout_p=self.p if self.training else 0.0)",
                     "q, k, v", init="self.p = 0.5")
    check(code, inputs=[QH, KH, VH], to="keras")


@pytest.mark.parametrize("mask", [_bool_mask(2, 4), randn(2, 4, seed=3)], ids=["bool", "float"])
def test_multihead_attention_key_padding_mask(mask):
    """A boolean mask is True where a key is ignored (the backend's bool dtype, whatever its spelling)."""
    code = layer_case("nn.MultiheadAttention(8, 2)", "q, k, m").replace(
        "return self.layer(q, k, m)", "return self.layer(q, k, k, key_padding_mask=m)")
    check(code, inputs=[Q, K, mask], to="keras")


def test_multihead_attention_bool_attn_mask():
    code = layer_case("nn.MultiheadAttention(8, 2)", "q, k, m").replace(
        "return self.layer(q, k, m)", "return self.layer(q, k, k, attn_mask=m)")
    check(code, inputs=[Q, K, _bool_mask(5, 4)], to="keras")
