"""The Keras corpus: every model builds, runs deterministically in inference mode and trains (finite
outputs, a gradient for every trainable variable), and the corpus covers what the Keras ->
PyTorch translator has to handle. See tests/corpus/keras/README.md for the conventions."""
import pytest

from corpus import keras_features, keras_runner

pytestmark = pytest.mark.fast

FILES = {ff.name: ff for ff in keras_features.corpus()}


@pytest.mark.parametrize("name", keras_runner.names())
def test_keras_corpus_model(name):
    result = keras_runner.check(name)     # raises on any failed check
    static = FILES[name]
    # the reading of the source agrees with the built model: the tables below can be trusted
    assert result.kind == static.kind
    assert (result.n_inputs > 1) == ("several inputs" in static.features["structure"])
    assert (len(result.output_shapes) > 1) == ("several outputs" in static.features["structure"])


def test_runner_prints_a_table(capsys):
    assert keras_runner.main(["merge_layers", "wide_and_deep"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("| model | kind | params | output shapes | eval s | total s |")
    assert "| wide_and_deep | functional | 1,207 | (4, 1), (4, 1) |" in out
    assert "2 passed, 0 failed" in out


def _files_with(category, feature):
    return [n for n, ff in FILES.items() if feature in ff.features.get(category, ())]


def test_corpus_size_and_spread():
    assert len(FILES) >= 30
    for kind in keras_runner.KINDS:
        assert sum(ff.kind == kind for ff in FILES.values()) >= 5, kind
    for spelling in ("import keras", "from tensorflow import keras", "tf.keras"):
        assert len(_files_with("imports", spelling)) >= 5, spelling


REQUIRED = {
    "structure": ["Sequential", "functional API", "subclassed keras.Model", "custom Layer subclass",
                  "build()", "call(..., training=None)", "several inputs", "several outputs",
                  "layer called more than once", "self.add_weight()", "self.add_loss()"],
    "layers": ["Dense", "BatchNormalization", "Dropout", "Add", "Concatenate", "Multiply", "Average",
               "Conv1D", "Conv2D", "Conv3D", "SeparableConv2D", "DepthwiseConv2D",
               "Conv2DTranspose", "MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D",
               "GlobalMaxPooling1D", "UpSampling2D", "ZeroPadding2D", "Cropping2D", "LSTM", "GRU",
               "SimpleRNN", "Bidirectional", "TimeDistributed", "Embedding", "MultiHeadAttention",
               "LayerNormalization", "Flatten", "Reshape"],
    "arguments": ["return_sequences=True", "return_state=True", "initial_state=",
                  "reset_after=True", "reset_after=False", "mask_zero=True",
                  "data_format='channels_first'", "use_bias=False", "kernel_initializer=",
                  "kernel_regularizer=", "padding='same' with strides=2", "dilation_rate=",
                  "activation='...'", "use_causal_mask=True"],
    "raw TensorFlow ops": ["tf.nn.relu", "tf.reshape", "tf.matmul", "tf.concat", "tf.reduce_mean",
                           "tf.transpose", "tf.nn.softmax"],
}


@pytest.mark.parametrize("category,feature",
                         [(c, f) for c, feats in REQUIRED.items() for f in feats])
def test_corpus_covers(category, feature):
    assert _files_with(category, feature), f"no corpus file has {category}: {feature}"


def test_raw_tf_and_keras_ops_in_several_files():
    assert len([ff for ff in FILES.values() if ff.features.get("raw TensorFlow ops")]) >= 3
    assert len([ff for ff in FILES.values() if ff.features.get("keras.ops")]) >= 3


def test_readme_tables_are_current():
    assert keras_features.main(["--check"]) == 0, \
        "run python tests/corpus/keras_features.py --write"
