"""Source lines of a module path: the `self.x = ...` in the nearest class of the file, and its class."""
from nnport.verify.lines import lines_of

CODE = """import torch.nn as nn


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 3, 1)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(Block(), Block())
"""
MODULES = {"": ["Model", True], "body": ["Sequential", False], "body.1": ["Block", True],
           "body.1.conv": ["Conv2d", False]}


def test_construction_line_of_a_library_layer():
    got = lines_of(CODE, "body.1.conv", MODULES)
    assert got["line"] == 7 and got["text"] == "self.conv = nn.Conv2d(3, 3, 1)" and got["class_line"] is None


def test_user_class_inside_a_container_and_the_model():
    got = lines_of(CODE, "body.1", MODULES)
    assert got["line"] == 13 and got["class_line"] == 4
    assert lines_of(CODE, "", MODULES)["line"] == 10
    assert lines_of(CODE + "\n    def forward(self, x):\n        return x\n", "", MODULES)["forward_line"] == 15
