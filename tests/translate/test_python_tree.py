"""python_tree: one ast.parse per text object, the same tree as ast.parse gives, errors unchanged,
and nothing kept after nnport.convert."""
import ast

import pytest

import nnport
from nnport.translate import python_tree

CODE = "import torch\n\nclass M(torch.nn.Module):\n    pass\n"


@pytest.fixture(autouse=True)
def _clean():
    python_tree.forget()
    yield
    python_tree.forget()


def test_same_object_parsed_once_and_equal_to_ast_parse(monkeypatch):
    calls = []
    real = ast.parse
    monkeypatch.setattr(ast, "parse", lambda *a, **k: calls.append(a) or real(*a, **k))
    first = python_tree.parse(CODE)
    assert python_tree.parse(CODE) is first and len(calls) == 1
    assert ast.dump(first) == ast.dump(real(CODE))


def test_an_equal_but_different_str_is_parsed_again():
    first = python_tree.parse(CODE)
    other = "".join(list(CODE))   # equal text, another object
    assert other == CODE and other is not CODE
    assert python_tree.parse(other) is not first


def test_syntax_errors_raise_as_ast_parse_and_keep_nothing():
    kept = python_tree.parse(CODE)
    with pytest.raises(SyntaxError) as err:
        python_tree.parse("def f(:\n", "bad.py")
    assert err.value.filename == "bad.py"
    assert python_tree.parse(CODE) is kept   # the failed parse did not replace it


def test_convert_forgets_the_tree(monkeypatch):
    conv = nnport.convert(CODE, to="flax")
    assert "nnx.Module" in conv.code
    assert python_tree._last is None
