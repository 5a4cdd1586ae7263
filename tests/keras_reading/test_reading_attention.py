"""Readers of the attention layers (reading/attention.py) and their helper modules: equal to Keras."""
import pytest
from keras import layers

from keras_reading.layer_check import check

Q, V = (2, 5, 6), (2, 7, 4)


@pytest.mark.parametrize("make, call", [
    pytest.param(lambda: layers.MultiHeadAttention(3, 4), lambda l, i: l(i[0], i[0]), id="mha_self"),
    pytest.param(lambda: layers.MultiHeadAttention(2, 3, value_dim=5, output_shape=7),
                 lambda l, i: l(i[0], i[0], use_causal_mask=True), id="mha_causal_output_shape"),
    pytest.param(lambda: layers.MultiHeadAttention(2, 3, use_bias=False),
                 lambda l, i: l(i[0], i[0], return_attention_scores=True), id="mha_scores_nobias"),
])
def test_multi_head_attention(make, call):
    check(make, Q, call=call)


def test_multi_head_attention_cross_with_key():
    check(lambda: layers.MultiHeadAttention(2, 4), Q, V, V,
          call=lambda l, i: l(query=i[0], value=i[1], key=i[2]))


@pytest.mark.parametrize("make", [
    pytest.param(lambda: layers.Attention(), id="dot"),
    pytest.param(lambda: layers.Attention(use_scale=True, score_mode="concat"), id="concat_scaled"),
    pytest.param(lambda: layers.AdditiveAttention(use_scale=False), id="additive_no_scale"),
    pytest.param(lambda: layers.AdditiveAttention(), id="additive")])
def test_attention(make):
    check(make, (2, 5, 4), (2, 7, 4), call=lambda l, i: l([i[0], i[1]], return_attention_scores=True))
