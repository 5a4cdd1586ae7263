"""The Keras writer's renamed reserved attributes (`self.layers_`) read back under their own names
(keras/reading/reserved.py), sizes following; numerically equal to Keras (subclass_check)."""
import libcst as cst

import subclass_check
from nnport.frameworks.keras.reading.reserved import restore

CLASS = """\
class Model(keras.Model):
    def __init__(self):
        super().__init__()
        self.layers_ = [layers.Dense(4) for _ in range(2)]
        self.weights_ = layers.Dense(3)

    def call(self, x):
        for layer in self.layers_:
            x = layer(x)
        return self.weights_(x)
"""


def test_the_renamed_attributes_and_their_sizes_are_restored():
    out, sizes = restore(cst.parse_module(CLASS), {"Model"}, {("Model", "layers_.0"): [[(2, 5)]],
                                                              ("Model", "weights_"): [[(2, 4)]], ("Model", ""): []})
    assert "self.layers = [" in out.code and "in self.layers:" in out.code and "self.weights(x)" in out.code
    assert "layers_" not in out.code and "weights_" not in out.code
    assert sizes == {("Model", "layers.0"): [[(2, 5)]], ("Model", "weights"): [[(2, 4)]], ("Model", ""): []}


def test_a_class_reading_keras_own_attribute_keeps_the_underscore():
    code = CLASS.replace("return self.weights_(x)", "return self.weights_(x) + len(self.layers)")
    out, _ = restore(cst.parse_module(code), {"Model"}, {})
    assert "self.layers_ = [" in out.code and "self.weights(x)" in out.code


def test_only_module_classes_and_reserved_names():
    code = CLASS.replace("self.weights_", "self.units_")
    out, _ = restore(cst.parse_module(code), set(), {})
    assert out.code == code
    out, _ = restore(cst.parse_module(code), {"Model"}, {})
    assert "self.units_" in out.code and "self.layers = [" in out.code


def test_translated_to_torch_with_the_original_name_and_equal():
    conv = subclass_check.run("for layer in self.layers_:\n    x = layer(x)\nreturn x", [(2, 5)],
                              init="self.layers_ = [layers.Dense(4), layers.Dense(3)]")
    assert "self.layers = nn.ModuleList([nn.Linear(5, 4), nn.Linear(4, 3)])" in conv.code, conv.code
