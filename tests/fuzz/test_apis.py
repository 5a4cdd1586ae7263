"""The fuzzers' API names are the tables' own: each spelling, read back through the imports, is an
entry of the framework's source tables."""
from __future__ import annotations

import pytest

from fuzz import apis
from nnport import frameworks


@pytest.mark.parametrize("framework", apis.SOURCES)
def test_spellings_name_table_entries(framework):
    fw = frameworks.source(framework)
    spelled = {apis.spell(framework, e.api): e.api for e in [*fw.layers, *fw.functions]}
    assert len(apis.layers(framework)) >= 10 and len(apis.functions(framework)) >= 50
    for name in apis.layers(framework) + apis.functions(framework):
        assert name in spelled and (spelled[name] in fw.layers or spelled[name] in fw.functions)
    assert apis.spell(framework, "nnport.internal") is None
