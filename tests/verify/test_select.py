"""Class selection from the file's text: named, the get_inputs convention, the only module class."""
import pytest

from nnport.verify.select import SelectionError, module_classes, select_class, split_target

TWO = """
import torch.nn as nn
class Block(nn.Module): pass
class Net(Block): pass
class Plain: pass
"""


def test_module_classes_follow_bases_in_the_file():
    assert [c.name for c in module_classes(TWO)] == ["Block", "Net"]
    assert [c.name for c in module_classes("from flax import nnx\nclass M(nnx.Module): pass\n")] == ["M"]
    assert [c.name for c in module_classes("import torch\nclass S(torch.nn.Sequential): pass\n")] == ["S"]


def test_selection_rules():
    assert select_class(TWO, "Net") == "Net"
    assert select_class("import torch.nn as nn\nclass A(nn.Module): pass\nclass H: pass\n", None) == "A"
    conv = TWO + "class Model(Block): pass\ndef get_inputs(): return []\n"
    assert select_class(conv, None) == "Model"


def test_ambiguous_or_missing_class_lists_candidates():
    with pytest.raises(SelectionError, match="several module classes.*Block, Net.*FILE:Class|name one as"):
        select_class(TWO, None, "m.py")
    with pytest.raises(SelectionError, match="no top-level class 'Nope'.*Block, Net"):
        select_class(TWO, "Nope", "m.py")
    with pytest.raises(SelectionError, match="no module class"):
        select_class("class Plain: pass\n", None, "m.py")


def test_split_target():
    assert split_target("models/net.py:Net") == ("models/net.py", "Net")
    assert split_target("net.py") == ("net.py", None)
    assert split_target("C:\\models\\net.py") == ("C:\\models\\net.py", None)
