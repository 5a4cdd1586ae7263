"""Bad input (issue 9): every case of tests/bad_input_cases.py gets a located message, exit 2 with nothing
written where nothing could be done, and docs/bad-input.md is the current table of them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import bad_input_cases as cases

DOC = Path(__file__).resolve().parents[1] / "docs" / "bad-input.md"
REFUSED = {"non_utf8.py", "binary.py", "nul_bytes.py", "huge.py", "deep_brackets.py", "deep_operators.py",
           "too_many_parens.py", "syntax_error.py", "python2.py"}
WARNED = {"mixed.py": "also imports keras", "star_import.py": "star import from torch.nn",
          "dynamic_attr.py": "untranslated reference to nn"}


@pytest.mark.parametrize("name", list(cases.CASES))
def test_case(name, tmp_path):
    code, err, written = cases.run_case(name, cases.CASES[name][1], str(tmp_path))
    if name in REFUSED:
        assert code == 2 and not written, err
        assert re.search(rf"^{re.escape(name)}:\d+:\d+: error: ", err, re.M), err
    elif name in WARNED:
        assert code == 1 and written, err
        assert re.search(rf"^{re.escape(name)}:\d+:\d+: warning: .*{WARNED[name]}", err, re.M), err
    else:   # the empty file: nothing to translate, written unchanged
        assert name == "empty.py" and code == 0 and written, err


def test_docs_bad_input_md_is_current():
    assert DOC.read_text(encoding="utf-8") == cases.table(), \
        "docs/bad-input.md is stale: regenerate it with `python tests/bad_input_cases.py > docs/bad-input.md`"
