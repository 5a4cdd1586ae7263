"""translate/annotations.py: `x: torch.Tensor` / `-> torch.Tensor` where the target has no tensor type
(Keras) are left off with an info note at their place; a target that has one (Flax: jax.Array)
translates them; anything else naming the tensor class stays visible with a warning."""
from __future__ import annotations

import nnport
from harness import check_target, randn

SRC = '''import torch
import torch.nn as nn
from typing import Optional


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 4)

    def helper(self, x: torch.Tensor, k: int = 2) -> torch.Tensor:
        return x * k

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.helper(torch.relu(self.fc(x)))
'''


def test_keras_leaves_tensor_annotations_off_and_says_where():
    conv = nnport.convert(SRC, to="keras", source="torch")
    assert not conv.issues, [d.format() for d in conv.issues]
    assert "torch" not in conv.code
    assert "def helper(self, x, k: int = 2):" in conv.code   # other annotations stay
    assert "def call(self, x, training=None):" in conv.code
    notes = sorted((d.line, d.col) for d in conv.diagnostics if "left off" in d.message)
    assert notes == [(11, 25), (11, 54), (14, 26), (14, 43)], notes
    check_target(SRC, inputs=[randn(2, 3)], to="keras")   # the output imports and runs


def test_flax_translates_them():
    conv = nnport.convert(SRC, to="flax", source="torch")
    assert not conv.diagnostics and "def helper(self, x: jax.Array, k: int = 2) -> jax.Array:" in conv.code


def test_annotations_that_contain_the_tensor_class_are_left_off_too():
    src = SRC.replace("def forward(self, x: torch.Tensor)", "def forward(self, x: Optional[torch.Tensor])")
    conv = nnport.convert(src, to="keras", source="torch")
    assert not conv.issues and "def call(self, x, training=None):" in conv.code, conv.code
    assert any(d.line == 14 and "Optional[torch.Tensor] left off" in d.message for d in conv.diagnostics)


def test_other_uses_of_the_tensor_class_stay_visible():
    """A variable annotation is not left off (an annotated assignment needs one): it is reported."""
    src = SRC.replace("return self.helper(torch.relu(self.fc(x)))",
                      "y: torch.Tensor = self.fc(x)\n        return self.helper(y)")
    conv = nnport.convert(src, to="keras", source="torch")
    assert any(d.severity == "warning" and "torch.Tensor" in d.message and d.line == 15 for d in conv.issues)
    assert "y: torch.Tensor" in conv.code


def test_positions_after_a_dropped_annotation_are_unchanged():
    """The dropped annotation's names are still counted: a diagnostic after it keeps its column."""
    src = SRC.replace("return self.helper(torch.relu(self.fc(x)))",
                      "return self.helper(torch.relu(self.fc(x))) + torch.nonzero(x)")
    conv = nnport.convert(src, to="keras", source="torch")
    [issue] = conv.issues
    assert (issue.line, issue.col) == (15, 54) and "nonzero" in issue.message + issue.api, issue.format()
