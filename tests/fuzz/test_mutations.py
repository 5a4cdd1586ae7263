"""Property a on corpus mutants (mutations.py), valid and invalid, and b on those still valid."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fuzz import apis, mutations, properties

EXAMPLES = 8   # per source framework; the campaign runs many more (benchmarks/fuzz_campaign.py)


@pytest.mark.parametrize("framework", apis.SOURCES)
def test_corpus_mutants_never_crash(framework):
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None)
    @given(mutant=mutations.mutant(framework), target=st.sampled_from(apis.TARGETS))
    def check(mutant, target):
        properties.check_output(mutant[1], framework, target)
    check()


def test_mutations_make_valid_and_invalid_python():
    """The generator is no no-op: its mutants differ from the file, and both kinds occur."""
    seen = set()

    @settings(max_examples=40, deadline=None, derandomize=True, database=None)
    @given(mutant=mutations.mutant("torch"))
    def check(mutant):
        seen.add(properties.is_valid(mutant[1]))
    check()
    assert seen == {True, False}
    original = dict(mutations.corpus("torch"))["torch/mlp.py"]
    assert mutations.MUTATIONS["drop bracket"](original.split("\n"), 9, 0, "") != original.split("\n")
