"""Property c on generated DL-free modules (plain.py): every construct of the grammar is returned
unchanged, with the source detected (CLI default) and read as each source framework."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fuzz import apis, plain, properties

EXAMPLES = 10


def test_plain_modules_are_left_unchanged():
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None)
    @given(code=plain.module(), target=st.sampled_from(apis.TARGETS))
    def check(code, target):
        assert properties.is_valid(code), "the generator made invalid Python"
        properties.check_unchanged(code, None, target)
    check()


def test_grammar_is_valid_python():
    @settings(max_examples=200, deadline=None, derandomize=True, database=None)
    @given(code=plain.module())
    def check(code):
        assert properties.is_valid(code), code
    check()
