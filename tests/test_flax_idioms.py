"""flax/reading/idioms.py and the norm readers' constructor arguments: the Flax writer's expressions
for PyTorch values given by a variable (`((k),) * 2 if isinstance((k), int) else tuple((k))`, its
padding expression) and norms' arguments given by a variable (LayerNorm's use_bias, eps; GroupNorm's
num_groups) read back as those values; numerics on real Flax against the PyTorch translation."""
from __future__ import annotations

import textwrap

import nnport
from corpus import flax_to_torch as corpus

TORCH = """\
import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, cin, cout, k, stride, padding, groups, eps, bias):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, stride=stride, padding=padding)
        self.patch = nn.Conv2d(cout, cout, k, stride=k)
        self.gn = nn.GroupNorm(groups, cout, eps=eps)
        self.ln = nn.LayerNorm(cout, eps=eps, bias=bias)
        self.rms = nn.RMSNorm(cout, eps=eps)

    def forward(self, x):
        y = self.gn(self.conv(x))
        z = self.patch(y).flatten(2).transpose(1, 2)
        return y, self.rms(self.ln(z))


class Model(nn.Module):
    def __init__(self, k=3, stride=2, padding=1):
        super().__init__()
        self.a = Block(3, 8, k, stride, padding, 2, 1e-3, False)
        self.b = Block(3, 8, (3, 1), (1, 2), (1, 0), 4, 1e-4, True)

    def forward(self, x):
        return self.a(x), self.b(x)


def get_init_inputs():
    return [3, 2, 1]


def get_inputs():
    return [torch.randn(2, 3, 12, 12)]
"""


def test_variable_arguments_read_back_equal():
    text = nnport.convert(TORCH, to="flax", source="torch").code
    assert "isinstance((k), int)" in text and "isinstance((padding), str)" in text
    conv = nnport.convert(text, to="torch", source="flax")
    assert not conv.issues, [d.message for d in conv.issues]
    for line in ("nn.Conv2d(cin, cout, k, stride=stride, padding=padding)", "nn.Conv2d(cout, cout, k, stride=k)",
                 "num_groups=groups, num_channels=cout, eps=eps)", "nn.LayerNorm(cout, eps=eps, bias=bias)",
                 "nn.RMSNorm(cout, eps=eps)"):
        assert line in conv.code, line
    r = corpus.run("variable_arguments", text=text)
    assert r["eval_err"] <= corpus.TOL and r["train_err"] <= corpus.TOL
