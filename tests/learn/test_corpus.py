"""Corpus gathering: files and docstring examples; nnport's own code is refused (it holds the truth)."""
from pathlib import Path

import pytest

from nnport.learn import corpus


def test_docstring_examples():
    text = 'def f():\n    """Doc.\n\n    >>> m = nn.Linear(2, 3)\n    >>> y = m(x)\n\n    ```python\n    z = 1\n    ```\n    """\n'
    assert corpus.docstring_examples(text) == ["m = nn.Linear(2, 3)\ny = m(x)", "z = 1\n"]


def test_gather_files_and_examples(tmp_path):
    pkg = tmp_path / "fw"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text('"""\n>>> nn.ReLU()\n"""\n')
    got = corpus.gather("torch", [pkg])
    assert {s.module for s in got if s.module} == {"fw", "fw.a"}
    assert [s.text for s in got if "#example" in s.where] == ["nn.ReLU()"]


def test_nnport_itself_is_refused():
    with pytest.raises(corpus.LeakError):
        corpus.gather("torch", [Path(corpus.__file__).parent])
    with pytest.raises(corpus.LeakError):
        corpus.check_not_nnport(corpus.NNPORT_ROOT / "tests" / "corpus")
