"""translate/scopes.py: what classes, functions, loops and blocks bind while translating. Each case
is a PyTorch model converted to Flax and to Keras and run against PyTorch on the same weights
(harness.check_target); the text checks say which rule made the translation."""
from __future__ import annotations

import pytest

from harness import check_target, randn, translate

HEAD = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\n"

# `for blk in self.blocks:` binds blk to the container's layers (a Linear each)
LOOP = HEAD + '''class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([nn.Linear(6, 6) for _ in range(3)])

    def forward(self, x):
        for blk in self.blocks:
            x = F.relu(blk(x))
        return x
'''

# `for conv, bn in zip(self.convs, self.bns):` binds each name to its own container's layers
ZIP = HEAD + '''class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.convs = nn.ModuleList([nn.Conv2d(4, 4, 3, padding=1) for _ in range(2)])
        self.bns = nn.ModuleList([nn.BatchNorm2d(4) for _ in range(2)])

    def forward(self, x):
        for conv, bn in zip(self.convs, self.bns):
            x = torch.relu(bn(conv(x)))
        return x
'''

# a channels-last value held in a forward local is moved back before a compound statement reads it
FLUSH = HEAD + '''class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.use_skip = True

    def forward(self, x):
        y = self.conv(x)
        if self.use_skip:
            y = y + x.mean(1, keepdim=True)
        return y
'''

# isinstance narrowing inside an initialisation loop over self.modules()
NARROW = HEAD + '''class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(5, 7)
        self.fc2 = nn.Linear(7, 3)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.zeros_(m.bias)

    def forward(self, x):
        return self.fc2(torch.tanh(self.fc1(x)))
'''


@pytest.mark.parametrize("to", ["flax", "keras"])
def test_loop_over_a_container_of_layers(to):
    check_target(LOOP, inputs=[randn(2, 6)], to=to)


@pytest.mark.parametrize("to", ["flax", "keras"])
def test_zip_loop_binds_each_container(to):
    check_target(ZIP, inputs=[randn(2, 4, 5, 5)], train=True, to=to)


def test_compound_statement_sees_the_source_layout():
    code = translate(FLUSH, to="flax").code
    assert "if self.use_skip:" in code
    check_target(FLUSH, inputs=[randn(2, 3, 6, 6)], to="flax")
    check_target(FLUSH, inputs=[randn(2, 3, 6, 6)], to="keras")


def test_isinstance_narrowing_in_an_init_loop():
    code = translate(NARROW, to="flax").code
    assert "isinstance(m, nnx.Linear)" in code
    check_target(NARROW, inputs=[randn(3, 5)], to="flax")
