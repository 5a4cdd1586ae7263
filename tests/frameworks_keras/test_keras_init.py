"""PyTorch -> Keras, weight initialisation (functions/init.py): torch.nn.init and `w.data.normal_()`.

Random values cannot be compared one by one, so the tests compare DISTRIBUTIONS (harness.same_distribution):
a model whose `__init__` initialises large layers and parameters is built in PyTorch and from its
translation; the Keras model is run once (Keras creates a layer's weights, from its initializers, on
the first call), its weights put back in PyTorch's layout and compared with PyTorch's own:
constant weights exactly, random ones by a two-sample Kolmogorov-Smirnov distance below 0.02 and a
std within 3% (a truncated vs an untruncated normal, or swapped fans, exceed it).
"""
from __future__ import annotations

import textwrap

import numpy as np
import pytest

import nnport
from harness import load, same_distribution

LAYERS = """\
self.fc = nn.Linear(400, 300)
self.conv = nn.Conv2d(48, 64, 5)
self.emb = nn.Embedding(300, 400)
self.bn = nn.BatchNorm1d(300)
self.w = nn.Parameter(torch.zeros(300, 400))
self.k = nn.Parameter(torch.zeros(64, 48, 5, 5))
"""


def model(init_lines: str) -> str:
    body = textwrap.indent(LAYERS + textwrap.dedent(init_lines), " " * 8)
    return ("import math\nimport torch\nimport torch.nn as nn\nfrom torch.nn import init\n\n\n"
            "class Model(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
            f"{body}\n    def forward(self, x, c, i):\n"
            "        return self.bn(self.fc(x)), self.conv(c), self.emb(i), self.w, self.k\n")


def translate(src: str) -> str:
    conv = nnport.convert(src, to="keras", source="torch")
    assert not conv.issues, "\n".join(d.format() for d in conv.issues) + "\n----\n" + conv.code
    return conv.code


# The Keras weights in PyTorch's layout (Dense kernel (in, out), Conv2D kernel (h, w, in, out)).
TO_TORCH = {
    "fc.weight": lambda km: np.asarray(km.fc.kernel).T,
    "fc.bias": lambda km: np.asarray(km.fc.bias),
    "conv.weight": lambda km: np.transpose(np.asarray(km.conv.kernel), (3, 2, 0, 1)),
    "conv.bias": lambda km: np.asarray(km.conv.bias),
    "emb.weight": lambda km: np.asarray(km.emb.embeddings),
    "bn.weight": lambda km: np.asarray(km.bn.gamma),
    "bn.bias": lambda km: np.asarray(km.bn.beta),
    "w": lambda km: np.asarray(km.w),
    "k": lambda km: np.asarray(km.k),
}


def weights(src: str, seed: int = 0) -> tuple[dict, dict]:
    """{name: array} of PyTorch's initialisation and of the translation's (in PyTorch's layout)."""
    import keras
    import torch
    tmod, kmod = load(src), load(translate(src))
    torch.manual_seed(seed)
    ref = tmod.Model()
    keras.utils.set_random_seed(seed)
    km = kmod.Model()
    km(np.zeros((2, 400), np.float32), np.zeros((1, 48, 5, 5), np.float32), np.zeros((2,), np.int64))
    return ({k: v.detach().numpy() for k, v in ref.state_dict().items()},
            {name: read(km) for name, read in TO_TORCH.items()})


CASES = [
    ("nn.init.xavier_uniform_(self.fc.weight)", ("fc.weight",)),
    ("nn.init.xavier_uniform_(self.conv.weight, gain=2.0)", ("conv.weight",)),
    ("nn.init.xavier_uniform_(self.conv.weight, gain=nn.init.calculate_gain('relu'))", ("conv.weight",)),
    ("nn.init.xavier_normal_(self.fc.weight)", ("fc.weight",)),
    ("nn.init.xavier_normal_(self.emb.weight, gain=0.5)", ("emb.weight",)),
    ("nn.init.kaiming_normal_(self.conv.weight, mode='fan_out', nonlinearity='relu')", ("conv.weight",)),
    ("nn.init.kaiming_normal_(self.fc.weight)", ("fc.weight",)),
    ("nn.init.kaiming_normal_(self.fc.weight, a=0.2, mode='fan_out')", ("fc.weight",)),
    ("nn.init.kaiming_normal_(self.emb.weight, mode='fan_in')", ("emb.weight",)),   # fans swap
    ("nn.init.kaiming_normal_(self.conv.weight, nonlinearity='tanh')", ("conv.weight",)),
    ("nn.init.kaiming_uniform_(self.conv.weight, nonlinearity='relu')", ("conv.weight",)),
    ("nn.init.kaiming_uniform_(self.emb.weight, nonlinearity='relu')", ("emb.weight",)),
    ("nn.init.kaiming_uniform_(self.fc.weight, mode='fan_out', nonlinearity='selu')", ("fc.weight",)),
    ("nn.init.kaiming_uniform_(self.fc.weight, a=math.sqrt(5))", ("fc.weight",)),
    ("nn.init.normal_(self.fc.weight, std=0.02)", ("fc.weight",)),
    ("nn.init.normal_(self.conv.weight, 0.5, 0.1)", ("conv.weight",)),
    ("nn.init.trunc_normal_(self.fc.weight, std=.02)", ("fc.weight",)),
    ("nn.init.trunc_normal_(self.conv.weight, mean=0.1, std=1.0, a=-1.9, b=2.1)", ("conv.weight",)),
    ("nn.init.uniform_(self.fc.weight)", ("fc.weight",)),
    ("nn.init.uniform_(self.emb.weight, -0.3, 0.1)", ("emb.weight",)),
    ("nn.init.orthogonal_(self.fc.weight)", ("fc.weight",)),
    ("nn.init.orthogonal_(self.conv.weight, gain=2)", ("conv.weight",)),
    ("init.zeros_(self.fc.bias)\ninit.ones_(self.conv.bias)", ("fc.bias", "conv.bias")),
    ("nn.init.constant_(self.fc.bias, 0.25)\nnn.init.constant_(self.conv.weight, 1)", ("fc.bias", "conv.weight")),
    ("nn.init.constant_(self.bn.weight, 0.5)\nnn.init.zeros_(self.bn.bias)", ("bn.weight", "bn.bias")),
    ("self.fc.weight.data.normal_(0, 0.01)\nself.fc.bias.data.zero_()", ("fc.weight", "fc.bias")),
    ("self.conv.weight.data.uniform_(-0.2, 0.2)\nself.conv.bias.data.fill_(0.1)", ("conv.weight", "conv.bias")),
    ("self.fc.weight.data.normal_(mean=0.3, std=0.05)", ("fc.weight",)),
    ("for m in self.modules():\n    if isinstance(m, nn.Linear):\n        nn.init.xavier_normal_(m.weight)\n"
     "        if m.bias is not None:\n            nn.init.constant_(m.bias, 0.5)", ("fc.weight", "fc.bias")),
    ("for m in self.modules():\n    if isinstance(m, (nn.BatchNorm1d, nn.GroupNorm)):\n"   # GroupNorm: a label entry
     "        nn.init.constant_(m.weight, 0.5)\n        nn.init.constant_(m.bias, 0.1)", ("bn.weight", "bn.bias")),
    # this class's parameters, written at once: PyTorch's fans from the shape, whatever the rank
    ("nn.init.normal_(self.w, std=0.02)", ("w",)),
    ("nn.init.trunc_normal_(self.w, std=.02)", ("w",)),
    ("nn.init.trunc_normal_(self.w, std=1.0)", ("w",)),
    ("nn.init.kaiming_uniform_(self.w, a=math.sqrt(5))", ("w",)),
    ("nn.init.kaiming_normal_(self.k, mode='fan_out')", ("k",)),
    ("nn.init.xavier_uniform_(self.k)", ("k",)),
    ("nn.init.xavier_normal_(self.w, gain=3.0)", ("w",)),
    ("self.w.data.normal_(0, 0.01)", ("w",)),
    ("self.k.data.uniform_(-1, 3)", ("k",)),
    ("nn.init.orthogonal_(self.k)", ("k",)),
    ("nn.init.constant_(self.w, 3)\nnn.init.ones_(self.k)", ("w", "k")),
]


@pytest.mark.parametrize("lines, names", CASES, ids=[c[0].split("(")[0].split("\n")[0] + f"-{i}"
                                                     for i, c in enumerate(CASES)])
def test_init_distribution(lines, names):
    ref, got = weights(model(lines))
    for n in names:
        same_distribution(ref[n], got[n], n)


def test_orthogonal_is_orthogonal():
    _, got = weights(model("nn.init.orthogonal_(self.conv.weight, gain=2)\nnn.init.orthogonal_(self.k)"))
    w, k = got["conv.weight"].reshape(64, -1), got["k"].reshape(64, -1)
    np.testing.assert_allclose(w @ w.T, 4 * np.eye(64), atol=1e-4)
    np.testing.assert_allclose(k @ k.T, np.eye(64), atol=1e-4)


def test_untruncated_normal_tails():
    """kaiming/xavier normal are untruncated in PyTorch (Keras's HeNormal would cut at 2 sigma)."""
    ref, got = weights(model("nn.init.kaiming_normal_(self.fc.weight)\nnn.init.xavier_normal_(self.w)"))
    for a in (ref["fc.weight"], got["fc.weight"], ref["w"], got["w"]):
        frac = np.mean(np.abs(a) > 2.5 * a.std())
        assert 0.009 < frac < 0.016, frac   # normal: 1.24% beyond 2.5 sigma


def test_local_tensor_is_rebound():
    """`t.uniform_(a, b)` on a local tensor: the value, bound to the name again."""
    src = model("").replace("return self.bn", "t = torch.empty(300, 400)\n        t.uniform_(-0.5, 2)\n"
                            "        return t, self.bn")
    code = translate(src)
    assert "t = keras.random.uniform(ops.shape(t), minval=-0.5, maxval=2.0)" in code, code
    import keras
    import torch
    km = load(code).Model()
    out = km(np.zeros((2, 400), np.float32), np.zeros((1, 48, 5, 5), np.float32), np.zeros((2,), np.int64))
    same_distribution(torch.empty(300, 400).uniform_(-0.5, 2).numpy(), keras.ops.convert_to_numpy(out[0]), "t")


def test_translation_reads_well():
    code = translate(model("nn.init.xavier_uniform_(self.fc.weight)\nnn.init.zeros_(self.fc.bias)\n"
                           "nn.init.kaiming_normal_(self.conv.weight, mode='fan_out', nonlinearity='relu')\n"
                           "nn.init.normal_(self.w, std=0.02)\nif self.conv.bias is not None:\n"
                           "    nn.init.zeros_(self.conv.bias)"))
    assert "        self.fc.kernel_initializer = keras.initializers.GlorotUniform()\n" in code
    assert "        self.fc.bias_initializer = keras.initializers.Zeros()\n" in code
    assert "self.conv.kernel_initializer = keras.initializers.VarianceScaling(2.0, 'fan_out', " \
           "'untruncated_normal')" in code
    assert "        self.w.assign(keras.random.normal(self.w.shape, stddev=0.02))\n" in code
    assert "        if self.conv.use_bias:\n" in code


@pytest.mark.parametrize("lines, message", [
    ("nn.init.kaiming_normal_(self.fc.weight, mode=m)", "mode="),
    ("nn.init.kaiming_normal_(self.fc.weight, nonlinearity='gelu')", "nonlinearity="),
    ("nn.init.xavier_uniform_(self.fc.weight, generator=g)", "generator"),
    ("nn.init.kaiming_normal_(self.fc.bias)", "1-D"),
    ("nn.init.trunc_normal_(self.fc.weight, std=0.5, a=-0.2, b=0.2)", "2 std"),
    ("nn.init.trunc_normal_(self.fc.weight, std=s)", "non-literal"),
    ("t = torch.empty(3, 4)\nnn.init.xavier_uniform_(t)", "local tensor t"),
])
def test_unsupported(lines, message):
    src = model(lines).replace("def __init__(self):", "def __init__(self, m='fan_in', g=None, s=0.1):")
    conv = nnport.convert(src, to="keras")
    assert any(message in d.message for d in conv.issues), [d.format() for d in conv.issues]
