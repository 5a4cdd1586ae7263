"""The list of torch.Tensor methods nnport knows (frameworks/torch/tensor_methods.py) matches the
installed torch, and a tensor method with no table entry is reported, not passed through."""
import pytest

import nnport
from harness import expr_case
from nnport.frameworks.torch.tensor_methods import TENSOR_METHODS


def test_list_matches_installed_torch():
    import torch
    real = {n for n in dir(torch.Tensor) if not n.startswith("_") and callable(getattr(torch.Tensor, n, None))}
    assert real == TENSOR_METHODS, (f"new: {sorted(real - TENSOR_METHODS)}, gone: {sorted(TENSOR_METHODS - real)}"
                                    " (regenerate src/nnport/frameworks/torch/tensor_methods.py)")


@pytest.mark.target("flax")
def test_unknown_tensor_method_is_reported():
    conv = nnport.convert(expr_case("x.cummax(1)[0] + x.digamma()"), to="flax", source="torch")
    assert {d.message for d in conv.issues} >= {"no table entry for Tensor.cummax",
                                                "no table entry for Tensor.digamma"}


@pytest.mark.target("flax")
def test_python_methods_of_the_same_name_are_left_alone():
    src = expr_case("x + len(names.split(',')) + len(line.split()) + len(d.values())", "x, names, line, d")
    conv = nnport.convert(src, to="flax", source="torch")
    assert not conv.issues and "names.split(',')" in conv.code and "line.split()" in conv.code
    assert "d.values()" in conv.code


@pytest.mark.target("flax")
def test_list_sort_statement_is_left_alone():
    src = expr_case("x", "x, xs").replace("        return x", "        xs.sort()\n        return x")
    conv = nnport.convert(src, to="flax", source="torch")
    assert "xs.sort()" in conv.code and not conv.issues
