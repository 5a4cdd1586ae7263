"""Readers of core, activation, normalization, recurrent and merge layers (reading/core.py,
activations.py, norm.py, recurrent.py, ops.py): numerically equal to Keras on perturbed weights."""
import pytest
from keras import layers

from keras_reading.layer_check import check

CASES = [
    ("dense_3d_gelu", lambda: layers.Dense(5, activation="gelu"), (2, 4, 3)),
    ("einsum_dense", lambda: layers.EinsumDense("abc,cde->abde", (None, 2, 3), bias_axes="de",
                                                activation="relu"), (2, 4, 5)),
    ("einsum_dense_no_bias", lambda: layers.EinsumDense("ab,bc->ac", 3), (2, 5)),
    ("dense_nobias_hard_sigmoid", lambda: layers.Dense(5, use_bias=False, activation="hard_sigmoid"), (3, 4)),
    ("activation_leaky_relu", lambda: layers.Activation("leaky_relu"), (3, 4)),
    ("relu_all_args", lambda: layers.ReLU(max_value=1.0, negative_slope=0.2, threshold=0.3), (3, 8)),
    ("relu6", lambda: layers.ReLU(max_value=6.0), (3, 8)),
    ("elu", lambda: layers.ELU(alpha=0.3), (3, 8)),
    ("prelu_shared_axes", lambda: layers.PReLU(shared_axes=[1, 2]), (2, 3, 3, 4)),
    ("softmax_axis1", lambda: layers.Softmax(axis=1), (2, 3, 4)),
    ("flatten", lambda: layers.Flatten(), (2, 3, 4, 2)),
    ("reshape_minus1", lambda: layers.Reshape((-1, 4)), (2, 3, 8)),
    ("permute", lambda: layers.Permute((2, 1)), (2, 3, 4)),
    ("repeat_vector", lambda: layers.RepeatVector(3), (2, 4)),
    ("rescaling", lambda: layers.Rescaling(0.5, offset=-1.0), (2, 4)),
    ("rescaling_per_channel", lambda: layers.Rescaling([0.5, 2.0, -1.0], offset=[0.1, 0.0, 0.3]), (2, 4, 4, 3)),
    ("batch_norm_2d", lambda: layers.BatchNormalization(momentum=0.9, epsilon=1e-4), (4, 5)),
    ("batch_norm_seq", lambda: layers.BatchNormalization(), (4, 3, 5)),
    ("batch_norm_image_no_scale", lambda: layers.BatchNormalization(scale=False), (4, 3, 3, 5)),
    ("layer_norm_no_center", lambda: layers.LayerNormalization(center=False), (2, 3, 5)),
    ("layer_norm_two_axes", lambda: layers.LayerNormalization(axis=[-2, -1]), (2, 3, 5)),
    ("group_norm", lambda: layers.GroupNormalization(groups=2), (2, 3, 3, 4)),
    ("rms_norm", lambda: layers.RMSNormalization(), (2, 3, 5)),
    ("unit_norm", lambda: layers.UnitNormalization(), (2, 5)),
    ("lstm_sequences", lambda: layers.LSTM(4, return_sequences=True), (2, 5, 3)),
    ("lstm_states", lambda: layers.LSTM(4, return_state=True), (2, 5, 3)),
    ("lstm_backwards", lambda: layers.LSTM(4, go_backwards=True, return_sequences=True), (2, 5, 3)),
    ("gru", lambda: layers.GRU(4, return_sequences=True, return_state=True), (2, 5, 3)),
    ("simple_rnn_relu", lambda: layers.SimpleRNN(4, activation="relu"), (2, 5, 3)),
    ("bidirectional_lstm_concat", lambda: layers.Bidirectional(layers.LSTM(4, return_sequences=True)), (2, 5, 3)),
    ("bidirectional_gru_sum_last", lambda: layers.Bidirectional(layers.GRU(4), merge_mode="sum"), (2, 5, 3)),
    ("lstm_relu_loop", lambda: layers.LSTM(4, activation="relu", return_state=True), (2, 5, 3)),
    ("gru_v1_loop_backwards", lambda: layers.GRU(4, reset_after=False, go_backwards=True, return_sequences=True),
     (2, 5, 3)),
    ("gru_hard_sigmoid_loop", lambda: layers.GRU(4, recurrent_activation="hard_sigmoid"), (2, 5, 3)),
    ("simple_rnn_selu_loop", lambda: layers.SimpleRNN(4, activation="selu", use_bias=False), (2, 5, 3)),
    ("time_distributed_conv", lambda: layers.TimeDistributed(layers.Conv2D(2, 3)), (2, 3, 5, 5, 2)),
]


@pytest.mark.parametrize("make, shape", [pytest.param(m, s, id=i) for i, m, s in CASES])
def test_reader(make, shape):
    check(make, shape)


@pytest.mark.parametrize("make, shape", [
    pytest.param(lambda: layers.BatchNormalization(momentum=0.8), (4, 5), id="bn_2d"),
    pytest.param(lambda: layers.BatchNormalization(), (4, 3, 3, 5), id="bn_image")])
def test_batch_norm_trains_like_keras(make, shape):
    check(make, shape, train=True)


def test_loop_with_initial_state():
    check(lambda: layers.GRU(4, reset_after=False), (2, 5, 3), (2, 4),
          call=lambda layer, ins: layer(ins[0], initial_state=[ins[1]]))


def test_embedding_and_masked_average():
    def model():
        return __import__("keras").Sequential([layers.Embedding(10, 4, mask_zero=True),
                                               layers.GlobalAveragePooling1D()])
    check(model, (3, 6), dtype="int64", high=10)


def test_merges_on_channels_first_tensors_remap_the_axis():
    text, _ = check(lambda: layers.Concatenate(axis=-1), (2, 4, 4, 3), (2, 4, 4, 2),
                    call=lambda layer, ins: layer([layers.Conv2D(2, 1)(ins[0]), layers.Conv2D(3, 1)(ins[1])]))
    assert "dim=1" in text


def test_unsupported_layer_is_an_error_diagnostic():
    import keras
    from nnport.frameworks.keras.reading.route import translate_built
    x = keras.Input((5, 3))
    model = keras.Model(x, layers.Lambda(lambda t: keras.ops.cumsum(t * 2, axis=1))(x))
    text, diags = translate_built(model)
    assert any(s == "error" and "no reader for keras.src.ops.numpy.Cumsum" in m for s, m in diags), diags
    assert "x * 2" in text   # the traced ops before it are written
    assert "raise NotImplementedError(" in text


def test_regularizers_and_initializers_are_reported():
    import keras
    from nnport.frameworks.keras.reading.route import translate_built
    x = keras.Input((5,))
    y = layers.Dense(3, kernel_regularizer="l2", kernel_initializer="he_normal",
                     kernel_constraint=keras.constraints.MaxNorm(2.0))(x)
    _, diags = translate_built(keras.Model(x, y))
    text = "\n".join(m for _, m in diags)
    assert "kernel_regularizer=L2" in text and "kernel_constraint=MaxNorm" in text
    assert "kernel_initializer=HeNormal" in text


def test_a_layer_given_a_mask_it_cannot_use_is_refused():
    import keras
    from nnport.frameworks.keras.reading.route import translate_built
    x = keras.Input((6,), dtype="int64")
    y = layers.Softmax()(layers.Embedding(10, 4, mask_zero=True)(x))   # Softmax masks its input
    _, diags = translate_built(keras.Model(x, y))
    assert any(s == "error" and "called with a Keras mask" in m for s, m in diags), diags


@pytest.mark.parametrize("axes, shapes", [
    pytest.param(2, [(2, 4, 5), (2, 3, 5)], id="rank3_attention_scores"),
    pytest.param((1, 1), [(2, 4, 5), (2, 4, 3)], id="rank3_first_axes"),
    pytest.param((1, 2), [(2, 5), (2, 3, 5)], id="rank2_by_rank3"),
    pytest.param((2, 1), [(2, 3, 5), (2, 5)], id="rank3_by_rank2"),
    pytest.param(-1, [(2, 3, 2, 4), (2, 3, 4)], id="rank4_by_rank3")])
@pytest.mark.parametrize("normalize", [False, True])
def test_dot_of_higher_rank_tensors(axes, shapes, normalize):
    text, _ = check(lambda: layers.Dot(axes=axes, normalize=normalize), *shapes)
    assert "torch.einsum(" in text


def test_dot_of_channels_first_values_reads_keras_axes():
    """The first input comes from a Conv1D (written channels-first): Dot still sums Keras' axes."""
    text, _ = check(lambda: layers.Dot(axes=(2, 2)), (2, 6, 3), (2, 4, 2),
                    call=lambda layer, ins: layer([layers.Conv1D(2, 3)(ins[0]), ins[1]]))
    assert "torch.einsum(" in text
