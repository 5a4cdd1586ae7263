"""Every PyTorch corpus model converted to Gluon, weights transferred, outputs equal to PyTorch's,
imperatively and (for HybridBlocks) again after hybridize(); train-mode batch-norm state too.

Models that do not pass yet are in tests/corpus/known_failures.py (MXNET_KNOWN_FAILURES, with the
reason): strict xfails, so a model that starts passing must be taken off the list.
"""
import pytest

from corpus import runner
from corpus.known_failures import MXNET_KNOWN_FAILURES


@pytest.mark.parametrize("name", runner.cases(MXNET_KNOWN_FAILURES))
def test_corpus_model_to_mxnet(name):
    result = runner.run(name, to="mxnet")
    assert result["eval_err"] <= runner.TOL
