"""nnport.verify with a Keras source (the oracle) and a PyTorch target: functional models (a `Model`
builder function) and subclassed ones, weights converted on the source side. Compared: outputs in
eval and train, the moving statistics, the gradients of the projected loss w.r.t. every parameter
(tf.GradientTape, converted as the weights are) and the inputs; a wrong translation is caught and
localised to its layer (the source's sublayer calls recorded, matched to the target's submodules
by attribute or layer name). Mutants are data (MUTANTS): (id, model, old, new, where) like
tests/verify/mutants.py does for Flax targets."""
import re

import pytest

import nnport

FUNCTIONAL = """\
import keras
from keras import layers


def Model(units=6, classes=3):
    x = keras.Input((5, 5, 2))
    h = layers.Conv2D(4, 3, padding="same", name="conv")(x)
    h = layers.BatchNormalization(name="bn")(h)
    h = layers.Activation("relu", name="act")(h)
    h = layers.Flatten(name="flat")(h)
    h = layers.Dense(units, activation="tanh", name="fc")(h)
    return keras.Model(x, layers.Dense(classes, name="out")(h))


def get_init_inputs():
    return [6, 3]


def get_inputs():
    import numpy as np
    return [np.random.default_rng(0).standard_normal((2, 5, 5, 2)).astype("float32")]
"""


SUBCLASSED = """\
import numpy as np
import keras
from keras import layers, ops


class Mix(layers.Layer):
    def build(self, input_shape):
        n = input_shape[-1]
        self.w = self.add_weight(shape=(n, n), initializer="glorot_uniform", name="w")

    def call(self, x):
        return ops.matmul(x, self.w)


class Block(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.fc = layers.Dense(units, activation="relu")
        self.bn = layers.BatchNormalization(momentum=0.9)

    def call(self, x, training=None):
        return ops.tanh(self.bn(self.fc(x), training=training))


class Model(keras.Model):
    def __init__(self, units=8, classes=3):
        super().__init__()
        self.encoder = Block(units)
        self.mix = Mix()
        self.head = layers.Dense(classes)

    def call(self, x, training=None):
        return self.head(ops.relu(self.mix(self.encoder(x, training=training))))


def get_init_inputs():
    return [8, 3]


def get_inputs():
    return [np.random.default_rng(0).standard_normal((4, 5)).astype("float32")]
"""

RECURRENT = """\
import numpy as np
import keras
from keras import layers


def Model(vocab=20, units=6):
    x = keras.Input((7,), dtype="int32")
    h = layers.Embedding(vocab, 4, name="emb")(x)
    h = layers.LSTM(units, name="lstm")(h)
    return keras.Model(x, layers.Dense(2, name="out")(h))


def get_inputs():
    return [np.random.default_rng(0).integers(0, 20, (3, 7)).astype("int32")]
"""

RANDOM_INSIDE = """\
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers


def Model():
    x = keras.Input((6,))
    h = layers.Dense(8, name="fc")(x)
    h = layers.Dropout(0.5, name="drop")(h)
    h = layers.BatchNormalization(name="bn")(h)
    out = layers.Dense(3, kernel_initializer="zeros", activation="softmax", name="head")(h)
    return keras.Model(x, out)


def get_inputs():
    return [np.random.default_rng(0).standard_normal((4, 6)).astype("float32")]
"""


MODELS = {"functional": FUNCTIONAL, "subclassed": SUBCLASSED, "recurrent": RECURRENT,
          "random_inside": RANDOM_INSIDE}

# (id, model, text in the correct translation, its replacement, regex of the source path it is localised to)
MUTANTS = [
    ("bn-eps", "functional", "KerasBatchNorm2d(4, eps=0.001", "KerasBatchNorm2d(4, eps=0.1", "bn"),
    ("block-act", "subclassed", "return torch.tanh(", "return torch.sigmoid(", "encoder"),
    ("mix-transposed", "subclassed", "x @ self.w", "x @ self.w.T", "mix"),
    ("bn-eps-sub", "subclassed", "KerasBatchNorm1d(8, eps=0.001", "KerasBatchNorm1d(8, eps=0.1", r"encoder\.bn"),
    ("bn-momentum", "subclassed", "momentum=0.1)", "momentum=0.2)", r"encoder\.bn"),          # train state only
    ("stop-grad", "subclassed", "self.mix(self.encoder(x))", "self.mix(self.encoder(x).detach())",
     r"encoder(\..*)?"),                                                                      # gradients only
    ("emb-max-norm", "recurrent", "nn.Embedding(20, 4)", "nn.Embedding(20, 4, max_norm=0.02)", "emb"),
    # the cell state taken for the hidden one: in the model's own forward (the LSTM layer itself has
    # no comparable counterpart: Keras returns the last state, nn.LSTM (output, (h, c)))
    ("lstm-cell-state", "recurrent", "self.lstm(emb)[1][0][0]", "self.lstm(emb)[1][1][0]", ""),
]


def _translated(tmp_path, model="functional"):
    src = tmp_path / "net.py"
    src.write_text(MODELS[model])
    conv = nnport.convert(MODELS[model], to="torch", source="keras", filename=str(src))
    assert not [d for d in conv.issues if d.severity == "error"], conv.code
    return src, conv.code


def _verify(tmp_path, model, code, **kw):
    src = tmp_path / "net.py"
    tgt = tmp_path / "net_torch.py"
    tgt.write_text(code)
    return nnport.verify(str(src), target=f"{tgt}:Model", train=True, isolate=False, **kw)


def test_functional_keras_model_and_its_translation_are_equivalent_in_eval_and_train(tmp_path):
    src, code = _translated(tmp_path)
    tgt = tmp_path / "net_torch.py"
    tgt.write_text(code)
    res = nnport.verify(str(src), target=f"{tgt}:Model", train=True)
    assert res.verdict == "equivalent", res.error
    names = {c.name for c in res.checks if c.status == "match"}
    assert {"eval output", "train output"} <= names
    assert any(n.startswith("train state bn.") for n in names)       # moving statistics compared
    assert any("converted to torch on the source side" in n for n in res.notes)


def test_a_wrong_translation_is_not_equivalent(tmp_path):
    src, code = _translated(tmp_path)
    assert "torch.tanh(" in code
    tgt = tmp_path / "net_torch.py"
    tgt.write_text(code.replace("torch.tanh(", "torch.sigmoid(", 1))
    res = nnport.verify(str(src), target=f"{tgt}:Model")
    assert res.verdict == "not equivalent"


def test_gradients_are_compared_for_a_keras_source(tmp_path):
    src, code = _translated(tmp_path)
    res = _verify(tmp_path, "functional", code)
    assert res.verdict == "equivalent", res.error
    grads = {c.name: c.status for c in res.checks if c.name.startswith("train grad")}
    assert {"train grad conv.weight", "train grad fc.weight", "train grad out.bias", "train grad input[0]"} <= set(grads)
    assert set(grads.values()) == {"match"}


@pytest.mark.parametrize("model", ["subclassed", "recurrent"])
def test_a_correct_translation_is_equivalent_with_gradients(tmp_path, model):
    src, code = _translated(tmp_path, model)
    res = _verify(tmp_path, model, code)
    assert res.verdict == "equivalent", (res.error, [(c.name, c.status) for c in res.checks])
    matched = [c.name for c in res.checks if c.name.startswith("train grad") and c.status == "match"]
    assert len(matched) >= 4, matched
    if model == "recurrent":   # Keras' one LSTM bias becomes bias_ih (bias_hh zero): not a copy
        skipped = {c.name for c in res.checks if c.status == "not comparable"}
        assert skipped == {"train grad lstm.bias_hh_l0"}
        assert "train grad emb.weight" in matched   # an Embedding's gradient (IndexedSlices) too


@pytest.mark.parametrize("mid, model, old, new, where", MUTANTS, ids=[m[0] for m in MUTANTS])
def test_a_mutant_is_not_equivalent_and_localised(tmp_path, mid, model, old, new, where):
    src, code = _translated(tmp_path, model)
    assert old in code
    res = _verify(tmp_path, model, code.replace(old, new, 1))
    assert res.verdict == "not equivalent", res.error
    assert res.location is not None
    assert re.fullmatch(where, res.location.path), (res.location, res.layers)


def test_random_state_and_gradients_behind_a_deterministic_output_are_not_compared(tmp_path):
    """`from tensorflow import keras` read as a Keras source; the zero-initialised softmax head gives
    the same output whatever the dropout drew, but the batch statistics after the dropout and the
    head's kernel gradient change with the seed: not comparable (Keras and PyTorch draw differently)."""
    src, code = _translated(tmp_path, "random_inside")
    res = _verify(tmp_path, "random_inside", code)
    assert res.verdict == "equivalent", (res.error, [(c.name, c.status) for c in res.checks])
    status = {c.name: (c.status, c.message) for c in res.checks}
    assert status["train output"][0] == "match"
    for name in ("train state bn.running_mean", "train state bn.running_var", "train grad head.weight"):
        assert status[name] == ("not comparable", "depends on random numbers (changes with the seed)"), name
    assert status["train grad head.bias"][0] == "match"
