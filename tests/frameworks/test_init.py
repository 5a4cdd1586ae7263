"""Weight initialisation: torch.nn.init and `w.data.normal_()` translated to jax.nn.initializers.

Random values cannot be compared one by one, so the tests compare DISTRIBUTIONS: a model whose
`__init__` initialises large layers is built in PyTorch and from its translation; the Flax weights, put back in PyTorch's layout,
are compared with PyTorch's own initialisation:
- constant weights (zeros_, ones_, constant_, fill_, zero_): exactly equal;
- random weights: two-sample Kolmogorov-Smirnov distance below 0.02 (~120k samples: a 2% shift of the
  std or bounds, or a truncated vs untruncated normal, exceeds it), and std within 3%.
"""
from __future__ import annotations

import re
import textwrap

import numpy as np
import pytest

import nnport
import round_trip
from harness import load, same_distribution
from nnport import frameworks

# Flax only: the weights are read in Flax's layout (TO_TORCH); Keras has no init translation yet
pytestmark = pytest.mark.target("flax")
NEEDS_PARAMS = pytest.mark.skipif("torch.zeros" not in frameworks.get("torch").functions,
                                  reason="needs torch.zeros (creation family) to build nn.Parameter")


def model(init_lines: str, layers: str = "", params: str = "") -> str:
    body = textwrap.indent(textwrap.dedent(layers + params + init_lines), " " * 8)
    return ("import math\nimport torch\nimport torch.nn as nn\nfrom torch.nn import init\n\n\n"
            "class Model(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
            f"{body}\n    def forward(self, x):\n        return x\n")


LAYERS = """\
self.fc = nn.Linear(400, 300)
self.conv = nn.Conv2d(48, 64, 5)
"""
PARAMS = "self.w = nn.Parameter(torch.zeros(300, 400))\n"

# An init statement is itself the write: never `X = <...>.set_value(...)`.
_REBIND = re.compile(r"^(\s*)[\w.]+ = (\S+\.set_value\()", re.M)


def translate(src: str) -> str:
    conv = nnport.convert(src, to="flax", source="torch")
    assert not conv.issues, "\n".join(d.format() for d in conv.issues) + "\n----\n" + conv.code
    return conv.code


def weights(src: str, seed: int = 0) -> tuple[dict, dict]:
    """{name: array} of PyTorch's initialisation and of the translation's (in PyTorch's layout)."""
    # (nnport.transfer_weights only goes torch -> flax so far: the layouts are undone by TO_TORCH)
    import torch
    from flax import nnx
    tmod, fmod = load(src), load(translate(src))
    torch.manual_seed(seed)
    ref = tmod.Model()
    fm = fmod.Model(rngs=nnx.Rngs(seed))
    got = {name: np.asarray(read(fm)) for name, read in TO_TORCH.items() if hasattr(fm, name.split(".")[0])}
    return {k: v.detach().numpy() for k, v in ref.state_dict().items()}, got


# The Flax weights in PyTorch's layout (nnx.Linear kernel (in, out); nnx.Conv kernel (h, w, in, out)).
TO_TORCH = {
    "fc.weight": lambda fm: fm.fc.kernel[...].T,
    "fc.bias": lambda fm: fm.fc.bias[...],
    "conv.weight": lambda fm: np.transpose(fm.conv.kernel[...], (3, 2, 0, 1)),
    "conv.bias": lambda fm: fm.conv.bias[...],
    "w": lambda fm: fm.w[...],
}


def check_init(init_lines: str, names: tuple[str, ...], params: bool = False) -> None:
    src = model(init_lines, LAYERS, PARAMS if params else "")
    ref, got = weights(src)
    for n in names:
        same_distribution(ref[n], got[n], n)
    round_trip.check_init(src)   # PyTorch as the target: the same draws, equal weights


CASES = [
    ("nn.init.xavier_uniform_(self.fc.weight)", ("fc.weight",)),
    ("nn.init.xavier_uniform_(self.conv.weight, gain=2.0)", ("conv.weight",)),
    ("nn.init.xavier_uniform_(self.conv.weight, gain=nn.init.calculate_gain('relu'))", ("conv.weight",)),
    ("nn.init.xavier_normal_(self.fc.weight)", ("fc.weight",)),
    ("nn.init.xavier_normal_(self.conv.weight, gain=0.5)", ("conv.weight",)),
    ("nn.init.kaiming_normal_(self.conv.weight, mode='fan_out', nonlinearity='relu')", ("conv.weight",)),
    ("nn.init.kaiming_normal_(self.fc.weight)", ("fc.weight",)),
    ("nn.init.kaiming_normal_(self.fc.weight, a=0.2, mode='fan_out')", ("fc.weight",)),
    ("nn.init.kaiming_normal_(self.conv.weight, nonlinearity='tanh')", ("conv.weight",)),
    ("nn.init.kaiming_uniform_(self.conv.weight, nonlinearity='relu')", ("conv.weight",)),
    ("nn.init.kaiming_uniform_(self.fc.weight, mode='fan_out', nonlinearity='selu')", ("fc.weight",)),
    ("nn.init.kaiming_uniform_(self.fc.weight, a=2.23606797749979)", ("fc.weight",)),
    ("nn.init.normal_(self.fc.weight, std=0.02)", ("fc.weight",)),
    ("nn.init.normal_(self.conv.weight, 0.5, 0.1)", ("conv.weight",)),
    ("nn.init.trunc_normal_(self.fc.weight, std=.02)", ("fc.weight",)),
    ("nn.init.trunc_normal_(self.conv.weight, mean=0.1, std=1.0, a=-0.5, b=1.5)", ("conv.weight",)),
    ("nn.init.uniform_(self.fc.weight)", ("fc.weight",)),
    ("nn.init.uniform_(self.conv.weight, -0.3, 0.1)", ("conv.weight",)),
    ("nn.init.orthogonal_(self.fc.weight)", ("fc.weight",)),
    ("nn.init.orthogonal_(self.conv.weight, gain=2)", ("conv.weight",)),
    ("init.zeros_(self.fc.bias)\ninit.ones_(self.conv.bias)", ("fc.bias", "conv.bias")),
    ("nn.init.constant_(self.fc.bias, 0.25)\nnn.init.constant_(self.conv.weight, 1)",
     ("fc.bias", "conv.weight")),
    ("self.fc.weight.data.normal_(0, 0.01)\nself.fc.bias.data.zero_()", ("fc.weight", "fc.bias")),
    ("self.conv.weight.data.uniform_(-0.2, 0.2)\nself.conv.bias.data.fill_(0.1)",
     ("conv.weight", "conv.bias")),
    ("self.fc.weight.data.normal_(mean=0.3, std=0.05)", ("fc.weight",)),
]


@pytest.mark.parametrize("lines, names", CASES, ids=[c[0].split("(")[0].split("\n")[0] + f"-{i}"
                                                     for i, c in enumerate(CASES)])
def test_init_distribution(lines, names):
    check_init(lines, names)


@NEEDS_PARAMS
@pytest.mark.parametrize("lines", [
    "nn.init.normal_(self.w, std=0.02)",
    "nn.init.trunc_normal_(self.w, std=.02)",
    "nn.init.kaiming_uniform_(self.w, a=math.sqrt(5))",
    "nn.init.kaiming_uniform_(self.w, a=2.23606797749979)",
    "nn.init.kaiming_normal_(self.w, mode='fan_in')",
    "self.w.data.normal_(0, 0.01)",
    "nn.init.orthogonal_(self.w)",
    "nn.init.constant_(self.w, 3)",
])
def test_parameter_init(lines):
    check_init(lines, ("w",), params=True)


def test_orthogonal_is_orthogonal():
    src = model("nn.init.orthogonal_(self.conv.weight, gain=2)", LAYERS)
    _, got = weights(src)
    w = got["conv.weight"].reshape(64, -1)
    np.testing.assert_allclose(w @ w.T, 4 * np.eye(64), atol=1e-4)


def test_untruncated_normal_tails():
    """kaiming/xavier normal are untruncated in PyTorch (jax's he_normal would cut at 2 sigma)."""
    src = model("nn.init.kaiming_normal_(self.fc.weight)", LAYERS)
    ref, got = weights(src)
    for a in (ref["fc.weight"], got["fc.weight"]):
        frac = np.mean(np.abs(a) > 2.5 * a.std())
        assert 0.009 < frac < 0.016, frac   # normal: 1.24% beyond 2.5 sigma


def test_translation_reads_well():
    code = translate(model("nn.init.xavier_uniform_(self.fc.weight)\nnn.init.zeros_(self.fc.bias)\n"
                           "nn.init.kaiming_normal_(self.conv.weight, mode='fan_out', nonlinearity='relu')",
                           LAYERS))
    assert "self.fc.kernel.set_value(jax.nn.initializers.xavier_uniform()(rngs.params(), " \
           "self.fc.kernel.shape))" in code
    assert "self.fc.bias.set_value(jnp.zeros_like(self.fc.bias[...]))" in code
    assert "variance_scaling(2.0, 'fan_out', 'normal')(rngs.params(), self.conv.kernel.shape)" in code


def test_statement_is_the_write():
    conv = nnport.convert(model("nn.init.zeros_(self.fc.bias)\nself.fc.weight.data.normal_(0, 0.01)",
                                LAYERS), to="flax")
    assert _REBIND.search(conv.code) is None, conv.code


@pytest.mark.parametrize("lines, message", [
    ("nn.init.kaiming_normal_(self.fc.weight, mode=m)", "mode="),
    ("nn.init.kaiming_normal_(self.fc.weight, nonlinearity='gelu')", "nonlinearity="),
    ("nn.init.xavier_uniform_(self.fc.weight, generator=g)", "generator"),
    ("for m in self.modules():\n    nn.init.zeros_(m.bias)", "m.bias"),
])
def test_unsupported(lines, message):
    src = model(lines, LAYERS).replace("def __init__(self):", "def __init__(self, m='fan_in', g=None):")
    conv = nnport.convert(src, to="flax")
    assert any(message in d.message for d in conv.issues), [d.format() for d in conv.issues]
