"""nnport.support.gaps: the tests' known gaps, read (not recomputed) from tests/."""
from __future__ import annotations

import pytest

from nnport.support import gaps


def test_load_reads_the_exclusions_entry_check_names():
    import entry_check
    import excluded_entries
    known = gaps.load()
    assert set(known.excluded) == set(entry_check.EXCLUSIONS)
    assert known.excluded["flax"] == excluded_entries.EXCLUDED
    assert known.excluded["mxnet"] == excluded_entries.MXNET_EXCLUDED
    assert known.xfail == excluded_entries.XFAIL


def test_no_tests_folder_no_gaps(tmp_path):
    assert gaps.load(None) is None
    assert gaps.load(tmp_path) is None


@pytest.mark.parametrize("case, apis", [
    ("test_tensor.py::test_shape[x.squeeze(2)]", ["Tensor.squeeze"]),
    ("test_tensor.py::test_shape[(x * 2).squeeze(0)]", ["Tensor.squeeze"]),
    ("test_pool.py::test_functional[F.max_pool2d(x, 2)-shape15]", ["torch.nn.functional.max_pool2d"]),
    ("test_loss.py::test_module[nn.CrossEntropyLoss(reduction='none')-inputs2]", ["torch.nn.CrossEntropyLoss"]),
    ("test_tensor.py::test_creation[torch.arange(5, dtype=torch.float32)]", ["torch.arange"]),
    ("test_shape.py::test_shape[torch.tensor_split(x, 3, dim=2)]", ["torch.tensor_split"]),
    ("test_seq.py::test_embedding_weight_reads", []),
    ("test_math.py::test_binary_forms[bitwise_and]", []),
])
def test_failing_cases_are_tied_to_the_apis_they_call(case, apis):
    assert gaps.apis_of(case) == apis
