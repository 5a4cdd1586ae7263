"""translate/statements.py: assignments, expression statements, `with` gradient contexts and the
statements whose translation is nothing. Each case runs the translation against PyTorch on the same
weights (harness.check_target); the text checks say which rule made it."""
from __future__ import annotations

import pytest

from harness import check_target, randn, translate

HEAD = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\n"

# `x = x.add_(y)` and `x.mul_(2)` as statements: immutable targets rebind the name
IN_PLACE = HEAD + '''class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)

    def forward(self, x):
        y = self.fc(x)
        y = y.add_(x)
        y.mul_(2)
        return y
'''

# `with torch.no_grad():` in forward: the body stays (Flax: its values stop gradients)
NO_GRAD = HEAD + '''class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        with torch.no_grad():
            scale = x.abs().mean()
        # the scale is a constant for the gradient
        return self.fc(x) / scale
'''

# a list of layers assigned in __init__ becomes the target's container
LIST = HEAD + '''class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList()
        self.layers = nn.ModuleList([nn.Linear(3, 3), nn.Linear(3, 2)])

    def forward(self, x):
        return self.layers[1](self.layers[0](x))
'''

# index assignment on a tensor
INDEX = HEAD + '''class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        y = x.clone()
        y[:, 0] = 0.0
        y[1] += 3.0
        return y
'''


@pytest.mark.parametrize("to", ["flax", "keras"])
def test_in_place_statements_rebind(to):
    code = translate(IN_PLACE, to=to).code
    assert "add_" not in code and "mul_" not in code
    check_target(IN_PLACE, inputs=[randn(2, 4)], to=to)


def test_no_grad_body_kept_with_its_comment():
    code = translate(NO_GRAD, to="flax").code
    assert "no_grad" not in code and "# the scale is a constant for the gradient" in code
    assert "stop_gradient" in code
    check_target(NO_GRAD, inputs=[randn(2, 4)], to="flax")


@pytest.mark.parametrize("to", ["flax", "keras"])
def test_layer_list_and_super_init(to):
    code = translate(LIST, to=to).code
    assert "super().__init__()" not in code or to == "keras"
    check_target(LIST, inputs=[randn(2, 3)], to=to)


@pytest.mark.parametrize("to", ["flax", "keras"])
def test_index_assignment(to):
    check_target(INDEX, inputs=[randn(2, 3)], to=to)
