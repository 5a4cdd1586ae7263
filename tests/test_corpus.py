"""Every corpus model converted to Flax (and to Keras), weights transferred, outputs equal to PyTorch's.

Models that do not pass yet are listed in tests/corpus/known_failures.py with the reason; they are
strict xfails, so a model that starts passing must be taken off the list.
"""
import pytest

from corpus import runner
from corpus.known_failures import KERAS_KNOWN_FAILURES, KNOWN_FAILURES


@pytest.mark.parametrize("name", runner.cases(KNOWN_FAILURES))
def test_corpus_model(name):
    result = runner.run(name)
    assert result["eval_err"] <= runner.TOL


@pytest.mark.parametrize("name", runner.cases(KERAS_KNOWN_FAILURES))
def test_corpus_model_to_keras(name):
    result = runner.run(name, to="keras")
    assert result["eval_err"] <= runner.TOL
