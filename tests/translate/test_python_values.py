"""python_values: names bound only to Python containers are no tensors, so their methods stay
(regression of the fuzzers' rlcompleter.py finding: `seen.add(word)` became `seen + word`)."""
from __future__ import annotations

import libcst as cst
import pytest

import nnport
from nnport.translate import python_values

SET_ADD = "def f(x):\n    seen = set()\n    seen.add(x)\n    return seen\n"   # minimised from rlcompleter.py


@pytest.mark.parametrize("target", ["keras", "flax", "mxnet"])
def test_a_sets_add_is_left_alone(target):
    conv = nnport.convert(SET_ADD, to=target, source="torch")
    assert conv.code == SET_ADD


def test_a_tensors_add_is_still_translated():
    code = "import torch\n\n\ndef f(x):\n    names = []\n    names.add(x)\n    return x.add(x), names\n"
    out = nnport.convert(code, to="flax").code
    assert "names.add(x)" in out and "x.add(x)" not in out


def test_python_names():
    fn = cst.parse_statement("def f(a, b=[]):\n    s = set()\n    l: list = []\n    t = x.clone()\n"
                             "    u = 'a'\n    u = torch.ones(1)\n    v = {}\n    for v in a:\n        pass\n"
                             "    a = []\n    def g():\n        w = []\n")
    assert python_values.python_names(fn) == {"s", "l"}
