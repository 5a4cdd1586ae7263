"""Inputs inferred from the first layer with weights (a rule per pivot op, from axis labels)."""
import numpy as np
import pytest

from nnport.verify.infer import infer_inputs
from nnport.weights.transfer import ModuleWeights, WeightExport


def _export(*modules):
    return WeightExport("torch", [ModuleWeights(p, api, arrays) for p, api, arrays in modules])


@pytest.mark.parametrize("api, arrays, want", [
    ("torch.nn.Conv2d", {"weight": np.zeros((16, 3, 3, 3))}, "float32[2,3,32,32]"),
    ("torch.nn.Conv1d", {"weight": np.zeros((8, 5, 3))}, "float32[2,5,64]"),
    ("torch.nn.Linear", {"weight": np.zeros((4, 12)), "bias": np.zeros(4)}, "float32[2,12]"),
    ("torch.nn.Embedding", {"weight": np.zeros((50, 8))}, "int64[2,8]:0..50"),
    ("torch.nn.LSTM", {"weight_ih_l0": np.zeros((64, 10))}, "float32[2,8,10]"),
])
def test_first_layer_rules(api, arrays, want):
    specs, note = infer_inputs(_export((("body", "0"), api, arrays)))
    assert str(specs[0]) == want
    assert "assumed" in note and "body.0" in note and api in note


def test_user_parameters_are_skipped_and_nothing_found_is_none():
    user = ((), None, {"scale": np.ones(3)})
    lin = (("fc",), "torch.nn.Linear", {"weight": np.zeros((2, 3))})
    assert str(infer_inputs(_export(user, lin))[0][0]) == "float32[2,3]"
    assert infer_inputs(_export(user)) is None
