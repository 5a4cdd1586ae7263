"""nnport.verify with a Keras source (the oracle) and a PyTorch target: functional models built by a
`Model` builder function, weights converted on the source side; a wrong translation is caught."""
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


def _translated(tmp_path):
    src = tmp_path / "net.py"
    src.write_text(FUNCTIONAL)
    conv = nnport.convert(FUNCTIONAL, to="torch", source="keras", filename=str(src))
    assert not [d for d in conv.issues if d.severity == "error"], conv.code
    return src, conv.code


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
