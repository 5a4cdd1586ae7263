"""Properties a and b on generated modules of every source framework (sources.py), to every target."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fuzz import apis, properties, sources

EXAMPLES = 10   # per source framework; the campaign runs many more (benchmarks/fuzz_campaign.py)


@pytest.mark.parametrize("framework", apis.SOURCES)
def test_generated_modules_convert_to_valid_python(framework):
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None)
    @given(code=sources.module(framework), target=st.sampled_from(apis.TARGETS))
    def check(code, target):
        assert properties.is_valid(code), "the generator made invalid Python"
        properties.check_output(code, framework, target)
    check()
