"""The Gluon-target gaps (tests/mxnet_gaps.py) are table entries and collected test cases, with reasons."""
import pytest

import targets
from excluded_entries import MXNET_EXCLUDED, MXNET_XFAIL
from nnport import frameworks


def test_exclusions_are_table_entries_with_reasons():
    src = frameworks.get("torch")
    tables = {e.api for e in (*src.layers, *src.functions)}
    assert sorted(set(MXNET_EXCLUDED) - tables) == []
    assert all(why.strip() for why in (*MXNET_EXCLUDED.values(), *MXNET_XFAIL.values()))


def test_every_xfail_names_a_collected_case(request):
    here = [i for i in request.session.items if "frameworks_mxnet/" in str(i.nodeid)]
    if len(here) < 1000:
        pytest.skip("part of tests/frameworks_mxnet collected")
    ids = {k for i in here for k in targets.gap_keys(targets.test_id(i))}
    assert sorted(set(MXNET_XFAIL) - ids) == []
