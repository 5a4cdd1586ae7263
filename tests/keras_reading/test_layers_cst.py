"""Keras layer readers of the CST route (keras/reading/layers_cst*.py): one layer in a subclassed
model against its PyTorch translation, on the same (perturbed) weights and random inputs. Sizes come
from the recorded run; where instances disagree, lazy modules."""
import pytest

from subclass_check import run

IMG, SEQ = (2, 9, 9, 3), (2, 7, 4)
CASES = [
    ("dense", "self.fc = layers.Dense(5)", "return self.fc(x)", [SEQ]),
    ("dense_relu_nobias", "self.fc = layers.Dense(5, activation='relu', use_bias=False)", "return self.fc(x)", [SEQ]),
    ("dense_lazy", "self.fcs = [layers.Dense(n, activation='tanh') for n in (6, 3)]",
     "x = self.fcs[0](x)\nreturn self.fcs[1](x)", [SEQ]),
    ("conv1d_valid", "self.c = layers.Conv1D(5, 3)", "return self.c(x)", [SEQ]),
    ("conv1d_causal", "self.c = layers.Conv1D(5, 3, padding='causal', dilation_rate=2)", "return self.c(x)", [SEQ]),
    ("conv1d_same", "self.c = layers.Conv1D(5, 4, padding='same', activation='sigmoid')", "return self.c(x)", [SEQ]),
    ("conv2d_same", "self.c = layers.Conv2D(4, 3, padding='same')", "return self.c(x)", [IMG]),
    ("conv2d_same_stride2", "self.c = layers.Conv2D(4, 3, strides=2, padding='same')", "return self.c(x)", [IMG]),
    ("conv2d_same_stride_var", "s = 2\nself.c = layers.Conv2D(4, (3, 2), strides=s, padding='same')",
     "return self.c(x)", [IMG]),
    ("conv2d_channels_first", "self.c = layers.Conv2D(4, 3, data_format='channels_first')", "return self.c(x)",
     [(2, 3, 8, 8)]),
    ("layer_norm", "self.n = layers.LayerNormalization(epsilon=1e-5)", "return self.n(x)", [SEQ]),
    ("batch_norm_4d", "self.n = layers.BatchNormalization(momentum=0.9)", "return self.n(x)", [IMG]),
    ("batch_norm_3d", "self.n = layers.BatchNormalization()", "return self.n(x)", [SEQ]),
    ("dropout", "self.d = layers.Dropout(0.3)", "return self.d(x, training=training)", [SEQ]),
    ("spatial_dropout1d", "self.d = layers.SpatialDropout1D(0.3)", "return self.d(x)", [SEQ]),
    ("embedding", "self.e = layers.Embedding(10, 6)", "return self.e(x)", [((2, 5), "int")]),
    ("global_avg_pool2d", "self.p = layers.GlobalAveragePooling2D()", "return self.p(x)", [IMG]),
    ("global_avg_pool1d", "self.p = layers.GlobalAveragePooling1D()", "return self.p(x)", [SEQ]),
    ("reshape", "self.r = layers.Reshape((3, 4))", "return self.r(x)", [(2, 12)]),
    ("reshape_flatten", "self.r = layers.Reshape((-1,))", "return self.r(x)", [IMG]),
    ("lstm_sequences", "self.r = layers.LSTM(5, return_sequences=True)", "return self.r(x)", [SEQ]),
    ("lstm_last", "self.r = layers.LSTM(5)", "return self.r(x)", [SEQ]),
    ("lstm_states", "self.r = layers.LSTM(5, return_state=True)", "return self.r(x)", [SEQ]),
    ("gru_initial_state", "self.r = layers.GRU(5, return_sequences=True, return_state=True)",
     "return self.r(x0, initial_state=x1)", [SEQ, (2, 5)]),
    ("mha_self", "self.a = layers.MultiHeadAttention(2, 2)", "return self.a(x, x)", [SEQ]),
    ("mha_causal", "self.a = layers.MultiHeadAttention(num_heads=2, key_dim=2)",
     "return self.a(x, x, use_causal_mask=True)", [SEQ]),
    ("sequential_activation", "self.s = keras.Sequential([layers.Dense(8, activation='relu'), layers.Dense(3)])",
     "return self.s(x)", [SEQ]),
    ("sequential_channels_last", "self.s = keras.Sequential([layers.Conv2D(4, 1), layers.BatchNormalization()])",
     "return self.s(x)", [IMG]),
    # layers_act.py: activation and pooling layers, Lambda of one function
    ("conv3d_channels_first", "self.c = layers.Conv3D(4, 2, data_format='channels_first')", "return self.c(x)",
     [(2, 3, 6, 6, 6)]),  # out 5 != filters: Keras-TF adds a channels-first bias on the last axis otherwise
    *[(f"activation_{a}", f"self.a = layers.Activation('{a}')", "return self.a(x)", [SEQ]) for a in (
        "relu", "selu", "silu", "mish", "gelu", "hard_silu", "softplus", "tanh", "sigmoid", "leaky_relu",
        "softmax", "log_softmax", "linear", "elu", "relu6", "hard_sigmoid", "softsign", "log_sigmoid")],
    ("activation_lambda_gelu", "self.a = layers.Activation(lambda x: ops.gelu(x))", "return self.a(x)", [SEQ]),
    ("activation_lambda_clip", "self.a = layers.Activation(lambda x: ops.clip(x, 0.0, 0.5))", "return self.a(x)",
     [SEQ]),
    ("activation_inline", "pass", "return layers.Activation(lambda x: ops.leaky_relu(x))(x)", [SEQ]),
    ("relu_layer", "self.a = layers.ReLU()", "return self.a(x)", [SEQ]),
    ("relu6_layer", "self.a = layers.ReLU(max_value=6.0)", "return self.a(x * 10)", [SEQ]),
    ("leaky_relu_default", "self.a = layers.LeakyReLU()", "return self.a(x)", [SEQ]),
    ("leaky_relu_slope", "self.a = layers.LeakyReLU(negative_slope=0.1)", "return self.a(x)", [SEQ]),
    ("elu_layer", "self.a = layers.ELU(alpha=0.5)", "return self.a(x)", [SEQ]),
    ("softmax_layer", "self.a = layers.Softmax(axis=1)", "return self.a(x)", [SEQ]),
    ("identity_layer", "self.a = layers.Identity()", "return self.a(x)", [SEQ]),
    ("max_pool2d_cf", "self.p = layers.MaxPooling2D(3, strides=2, data_format='channels_first')", "return self.p(x)",
     [(2, 3, 9, 9)]),
    ("max_pool2d_cl", "self.p = layers.MaxPooling2D((2, 1))", "return self.p(x)", [IMG]),
    ("max_pool1d", "self.p = layers.MaxPooling1D(2)", "return self.p(x)", [SEQ]),
    ("max_pool3d", "self.p = layers.MaxPooling3D(2, data_format='channels_first')", "return self.p(x)",
     [(2, 2, 4, 4, 4)]),
    ("avg_pool2d_cf", "self.p = layers.AveragePooling2D(2, data_format='channels_first')", "return self.p(x)",
     [(2, 3, 8, 8)]),
    ("avg_pool1d", "self.p = layers.AveragePooling1D(2, strides=1)", "return self.p(x)", [SEQ]),
    ("avg_pool3d", "self.p = layers.AveragePooling3D(2)", "return self.p(x)", [(2, 4, 4, 4, 2)]),
    ("global_max_pool2d", "self.p = layers.GlobalMaxPooling2D()", "return self.p(x)", [IMG]),
    ("global_max_pool1d_cf", "self.p = layers.GlobalMaxPooling1D(data_format='channels_first', keepdims=True)",
     "return self.p(x)", [SEQ]),
    ("global_max_pool3d", "self.p = layers.GlobalMaxPooling3D()", "return self.p(x)", [(2, 3, 3, 3, 2)]),
    ("global_avg_pool2d_keepdims", "self.p = layers.GlobalAveragePooling2D(data_format='channels_first', "
     "keepdims=True)", "return self.p(x)", [(2, 3, 4, 4)]),
    ("global_avg_pool3d", "self.p = layers.GlobalAveragePooling3D()", "return self.p(x)", [(2, 3, 3, 3, 2)]),
    ("lambda_layer", "self.l = layers.Lambda(lambda x: ops.softmax(x, axis=1))", "return self.l(x)", [SEQ]),
    # layers_norm_t.py: transposed convolutions, group and RMS normalization
    ("conv2d_transpose_cf", "self.c = layers.Conv2DTranspose(5, 3, strides=2, data_format='channels_first')",
     "return self.c(x)", [(2, 3, 4, 4)]),
    ("conv1d_transpose", "self.c = layers.Conv1DTranspose(5, 3, output_padding=1, strides=2)", "return self.c(x)",
     [SEQ]),
    ("conv3d_transpose", "self.c = layers.Conv3DTranspose(2, 2, use_bias=False)", "return self.c(x)",
     [(2, 3, 3, 3, 2)]),
    ("group_norm_cf", "self.n = layers.GroupNormalization(groups=3, axis=1, epsilon=1e-5, center=False, scale=False)",
     "return self.n(x)", [(2, 3, 4, 4)]),
    ("group_norm_cl", "self.n = layers.GroupNormalization(groups=2)", "return self.n(x)", [(2, 5, 4)]),
    ("rms_norm", "self.n = layers.RMSNormalization(epsilon=1e-5)", "return self.n(x)", [SEQ]),
]


@pytest.mark.parametrize("name,init,body,inputs", CASES, ids=[c[0] for c in CASES])
def test_layer(name, init, body, inputs):
    conv = run(body, inputs, init=init)
    if name == "dense_lazy":
        assert "nn.LazyLinear" in conv.code and any("lazy module" in d.message for d in conv.diagnostics)


def test_every_layer_reader_has_a_case():
    from nnport.frameworks.keras.reading.source_tables import LAYERS
    from nnport.frameworks.keras.reading.support_helpers import MODULE
    used = " ".join(c[1] + c[2] for c in CASES)
    missing = [e.api for e in LAYERS if f"layers.{e.api.rsplit('.', 1)[1]}(" not in used
               and not e.api.startswith(MODULE)]   # the writer's helpers: test_support_helpers.py
    assert missing == ["keras.layers.SpatialDropout2D"] or missing == [], missing


def test_spatial_dropout2d():
    run("return self.d(x)", [IMG], init="self.d = layers.SpatialDropout2D(0.3)")


def test_spatial_dropout2d_on_channels_first_data_drops_axis_1_without_moving_axes():
    """data_format='channels_first' (the Keras writer's nn.Dropout2d): the channels are on axis 1
    already; moving the last axis there would drop other slices in training."""
    conv = run("return self.d(x)", [IMG], init="self.d = layers.SpatialDropout2D(0.3, data_format='channels_first')")
    assert "return self.d(x)" in conv.code and "movedim" not in conv.code, conv.code


@pytest.mark.parametrize("init,message", [
    ("self.a = layers.MultiHeadAttention(2, 3)", "num_heads * key_dim"),
    ("self.n = layers.LayerNormalization(axis=1)", "only the last axis"),
    ("self.e = layers.Embedding(10, 6, mask_zero=True)", "mask_zero"),
    ("self.g = layers.GRU(4, reset_after=False)", "reset_after"),
    ("self.r = layers.ReLU(max_value=2.0)", "only 6"),
    ("self.p = layers.MaxPooling1D(2, padding='same')", "padding='same'"),
    ("self.a = layers.Activation(lambda x: x * ops.sigmoid(x))", "only `lambda x: f(x, ...)`"),
])
def test_refused_with_a_reason(init, message):
    import nnport
    from subclass_check import source
    attr = init.split("=")[0].strip().split(".")[1]
    code = source(f"return self.{attr}(x{', x' if 'Attention' in init else ''})", [SEQ], init=init)
    conv = nnport.convert(code, source="keras", to="torch")
    assert any(message in d.message for d in conv.issues), [d.message for d in conv.diagnostics]


def test_base_layer_keywords():
    import nnport
    from subclass_check import source
    ok = run("return self.fc(x)", [SEQ], init="self.fc = layers.Dense(3, name='head', dtype='float32')")
    assert "name" not in ok.code.split("class Model")[1].split("def forward")[0]
    code = source("return self.fc(x)", [SEQ], init="self.fc = layers.Dense(3, dtype='float64')")
    assert any("float32" in d.message for d in nnport.convert(code, source="keras", to="torch").issues)
    code = source("return self.fc(x)", [SEQ], init="self.fc = layers.Dense(3, trainable=False)")
    assert any("requires_grad_" in d.message for d in nnport.convert(code, source="keras", to="torch").issues)
