"""Weight tying by assignment in __init__: shared target variables where layouts agree, a head
computed from the embedding where they are transposes; outputs equal PyTorch's after transfer."""
from __future__ import annotations

import textwrap

import pytest

import nnport
from harness import build, check, randint, randn


def tied(ctor_a: str, ctor_b: str, tie: str, forward: str) -> str:
    return "import torch\nimport torch.nn as nn\n\n\n" + textwrap.dedent(f"""\
        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.a = {ctor_a}
                self.b = {ctor_b}
                # tie the two layers
                {tie}

            def forward(self, x):
                return {forward}
        """)


GPT_HEAD = tied("nn.Embedding(50, 16)", "nn.Linear(16, 50, bias=False)", "self.a.weight = self.b.weight",
                "self.b(torch.tanh(self.a(x)))")


@pytest.mark.parametrize("src", [
    pytest.param(GPT_HEAD, id="embedding-takes-head"),
    pytest.param(tied("nn.Embedding(50, 16)", "nn.Linear(16, 50, bias=False)", "self.b.weight = self.a.weight",
                      "self.b(self.a(x) * 2)"), id="head-takes-embedding"),
])
def test_tied_head_is_computed_from_the_embedding(src):
    conv = nnport.convert(src, to="flax")
    assert not conv.issues, [d.format() for d in conv.issues]
    assert "self.a.attend(" in conv.code and "self.b = " not in conv.code
    assert "# tie the two layers" in conv.code          # the dropped lines' comments stay
    check(src, inputs=[randint(0, 50, 2, 7)])


def test_same_layout_shares_the_variable():
    src = tied("nn.Linear(8, 8)", "nn.Linear(8, 8)", "self.b.weight = self.a.weight", "self.b(self.a(x))")
    conv = nnport.convert(src, to="flax")
    assert "self.b.kernel = self.a.kernel" in conv.code, conv.code
    check(src, inputs=[randn(3, 8)])
    _, fm, _ = build(src)
    assert fm.a.kernel is fm.b.kernel     # one variable: training updates both layers


def test_tied_head_with_bias_is_reported():
    src = tied("nn.Embedding(50, 16)", "nn.Linear(16, 50)", "self.b.weight = self.a.weight", "self.b(self.a(x))")
    conv = nnport.convert(src, to="flax")
    assert any("bias" in d.message for d in conv.issues), [d.format() for d in conv.issues]


def test_reading_a_tied_away_weight_is_reported():
    src = GPT_HEAD.replace("return self.b(torch.tanh(self.a(x)))", "return self.b.weight.sum() + self.b(self.a(x))")
    conv = nnport.convert(src, to="flax")
    assert any("weight tying" in d.message for d in conv.issues), [d.format() for d in conv.issues]
