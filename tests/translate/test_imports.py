"""imports.add_imports: regressions of the fuzzers' findings (tests/fuzz), minimised inputs as literals."""
from __future__ import annotations

import ast

import pytest

import nnport
from nnport.translate.imports import used_names

NO_FINAL_NEWLINE = '"""Doc."""\nimport torch\n\n\ndef f():\n    return torch.zeros(2)'   # from torch/lstm_states.py


@pytest.mark.parametrize("target", ["torch", "flax", "keras", "mxnet"])
def test_a_file_without_a_final_newline_keeps_its_docstring_line(target):
    out = nnport.convert(NO_FINAL_NEWLINE, to=target, source="torch", via_pivot=True).code
    ast.parse(out)
    assert out.startswith('"""Doc."""\n') and "\n\n\n\n" not in out


@pytest.mark.parametrize("code", ['def f():\n    """The F (Fix) value."""\n',   # from _aix_support.py
                                  'x = "a F.relu"\n', 'x = 1  # see F.x\n',
                                  '"""A generated module."""\nimport math\nfrom functools import reduce as r\n'])
def test_names_in_strings_comments_and_imports_import_nothing(code):
    assert nnport.convert(code, to="torch", source="mxnet").code == code


def test_used_names():
    assert used_names("F.relu(x)  # nn\ny = 'torch'\nz.np\n") == {"F", "x", "y", "z"}
    assert used_names("x = (\n") is None
    assert used_names("import a.b as c; from d import e\nif x:\n    import f\ny = g") == {"if", "x", "y", "g"}
