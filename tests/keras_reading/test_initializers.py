"""keras/reading/initializers.py: `layer.kernel_initializer = keras.initializers.X(...)` (the Keras
writer's nn.init) read back as the nn.init call. Initialisers are random: the real Keras initializer
and the translated nn.init call each fill a 256 x 256 weight, and their statistics are compared
(mean, standard deviation, range; constants exactly)."""
import numpy as np
import pytest

import subclass_check

N = 256
CASES = [
    ("keras.initializers.RandomNormal(stddev=0.02)", "nn.init.normal_(self.fc.weight, std=0.02)"),
    ("keras.initializers.RandomNormal()", "nn.init.normal_(self.fc.weight, std=0.05)"),   # Keras' default spelled
    ("keras.initializers.RandomNormal(mean=1.0, stddev=0.1)", "nn.init.normal_(self.fc.weight, mean=1.0, std=0.1)"),
    ("keras.initializers.RandomUniform(-0.3, 0.3)", "nn.init.uniform_(self.fc.weight, -0.3, 0.3)"),
    ("keras.initializers.RandomUniform()", "nn.init.uniform_(self.fc.weight, a=-0.05, b=0.05)"),
    ("keras.initializers.Zeros()", "nn.init.zeros_(self.fc.weight)"),
    ("keras.initializers.Ones()", "nn.init.ones_(self.fc.weight)"),
    ("keras.initializers.Constant(0.5)", "nn.init.constant_(self.fc.weight, 0.5)"),
    ("keras.initializers.GlorotUniform()", "nn.init.xavier_uniform_(self.fc.weight)"),
    ("keras.initializers.GlorotNormal()", "nn.init.xavier_normal_(self.fc.weight)"),
    ("keras.initializers.Orthogonal(gain=2.0)", "nn.init.orthogonal_(self.fc.weight, gain=2.0)"),
    ("keras.initializers.VarianceScaling(2.0, 'fan_out', 'untruncated_normal')",
     "nn.init.kaiming_normal_(self.fc.weight, mode='fan_out', nonlinearity='relu')"),
    ("keras.initializers.VarianceScaling(2.0 / (1 + 0.5 ** 2), 'fan_in', 'uniform')",
     "nn.init.kaiming_uniform_(self.fc.weight, a=0.5, mode='fan_in')"),   # leaky_relu: PyTorch's default
    ("keras.initializers.VarianceScaling(4.0, 'fan_avg', 'uniform')", "nn.init.xavier_uniform_(self.fc.weight, gain=2.0)"),
]


def _translated(init: str) -> str:
    import nnport
    code = subclass_check.source("return self.fc(x)", [(2, N)], init=f"self.fc = layers.Dense({N})\n"
                                 f"self.fc.kernel_initializer = {init}")
    conv = nnport.convert(code, source="keras", to="torch")
    assert not conv.issues, [d.message for d in conv.issues]
    return next(line.strip() for line in conv.code.splitlines() if "nn.init." in line)


@pytest.mark.parametrize("init,expected", CASES, ids=[c[0].split("(")[0].rsplit(".", 1)[1] + f"-{i}"
                                                       for i, c in enumerate(CASES)])
def test_initializer_read_back(init, expected):
    import keras
    import torch
    from torch import nn
    line = _translated(init)
    assert line == expected
    want = np.asarray(eval(init, {"keras": keras})((N, N)))   # noqa: S307 - the case's own code
    fc = nn.Linear(N, N)
    torch.manual_seed(0)
    eval(line, {"nn": nn, "self": type("S", (), {"fc": fc})()})   # noqa: S307
    got = fc.weight.detach().numpy()
    if want.std() == 0:
        np.testing.assert_array_equal(got, want)
        return
    assert abs(got.mean() - want.mean()) < 0.05 * want.std() + 1e-3 * abs(want.mean())
    assert abs(got.std() / want.std() - 1) < 0.05
    if "niform" in init or "Uniform" in init:
        assert abs(got.max() / want.max() - 1) < 0.05 and abs(got.min() / want.min() - 1) < 0.05


def test_unread_schemes_stay_as_written():
    """A VarianceScaling that is neither He's nor Glorot's untruncated one keeps its Keras text (and
    the untranslated diagnostic), never a wrong nn.init."""
    import nnport
    code = subclass_check.source("return self.fc(x)", [(2, 4)], init="self.fc = layers.Dense(4)\n"
                                 "self.fc.kernel_initializer = keras.initializers.VarianceScaling(1.0, 'fan_in', "
                                 "'truncated_normal')")
    conv = nnport.convert(code, source="keras", to="torch")
    assert "nn.init" not in conv.code and conv.issues
