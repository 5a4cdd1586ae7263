"""A module class forwarding **kwargs to one layer: the class keeps **kwargs, its call sites pass the
target's keywords; outputs equal PyTorch's."""
from __future__ import annotations

import textwrap

import pytest

import nnport
from harness import check, randn

HEAD = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\n"
BASIC = """\
class BasicConv2d(nn.Module):
    def __init__(self, in_channels, out_channels, **kwargs):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, bias=False, **kwargs)
        self.bn = nn.BatchNorm2d(out_channels, eps=0.001)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


"""


def model(init: str, forward: str) -> str:
    return (HEAD + BASIC + "class Model(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
            + textwrap.indent(textwrap.dedent(init), " " * 8)
            + f"\n    def forward(self, x):\n        return {forward}\n")


def test_call_sites_pass_target_keywords():
    src = model("""\
        self.a = BasicConv2d(3, 8, kernel_size=3, padding=1)
        self.b = BasicConv2d(8, 8, kernel_size=(1, 3), stride=2, dilation=1)
        self.c = BasicConv2d(8, 4, kernel_size=3, groups=2, padding="same", dilation=2)
        """, "self.c(self.b(self.a(x)))")
    conv = nnport.convert(src, to="flax")
    assert not conv.issues, [d.format() for d in conv.issues]
    assert "self.conv = nnx.Conv(in_channels, out_channels, use_bias=False, **kwargs, rngs=rngs)" in conv.code
    assert "BasicConv2d(3, 8, kernel_size=(3, 3), padding=[(1, 1), (1, 1)], rngs=rngs)" in conv.code
    assert any(d.severity == "info" and "other files" in d.message for d in conv.diagnostics)
    check(src, inputs=[randn(2, 3, 9, 9)], train=True)


def test_forwarding_to_a_linear():
    src = HEAD + textwrap.dedent("""\
        class Proj(nn.Module):
            def __init__(self, d, **kw):
                super().__init__()
                self.fc = nn.Linear(d, 2 * d, **kw)

            def forward(self, x):
                return self.fc(x)


        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.p = Proj(4, bias=False)
                self.q = Proj(8)

            def forward(self, x):
                return self.q(self.p(x))
        """)
    conv = nnport.convert(src, to="flax")
    assert "Proj(4, use_bias=False, rngs=rngs)" in conv.code and "Proj(8, rngs=rngs)" in conv.code
    check(src, inputs=[randn(3, 4)])


@pytest.mark.parametrize("init, message", [
    ("self.a = BasicConv2d(3, 8, **{'kernel_size': 3})\n", "passes *args or **kwargs"),
    ("self.a = BasicConv2d(3, 8, kernel_size=3, padding_mode=mode)\n", "padding_mode"),
])
def test_reported(init, message):
    src = model(init, "self.a(x)").replace("def __init__(self):", "def __init__(self, mode='zeros'):", 1)
    src = src.replace("class Model(nn.Module):\n    def __init__(self):", "class Model(nn.Module):\n    def __init__(self, mode='zeros'):")
    conv = nnport.convert(src, to="flax")
    assert any(message in d.message for d in conv.issues), [d.format() for d in conv.issues]


def test_no_call_site_is_reported():
    conv = nnport.convert(HEAD + BASIC, to="flax")
    assert any("no call site" in d.message for d in conv.issues), [d.format() for d in conv.issues]
