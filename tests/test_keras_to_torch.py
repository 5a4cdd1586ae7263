"""Keras corpus -> PyTorch by the graph route (functional and Sequential models): each translation,
on the Keras model's weights, equals Keras in inference (corpus and perturbed weights) and, for
batch-norm models without random layers, in one training forward (outputs and moving statistics).
Models not equal yet are strict xfails with their reason (corpus/keras_to_torch.KNOWN_FAILURES)."""
import pytest

from corpus import keras_to_torch as kt


def _params():
    for name in kt.graph_names():
        reason = kt.KNOWN_FAILURES.get(name)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("name", list(_params()))
def test_keras_to_torch(name):
    kt.run(name)


def test_graph_models_of_the_corpus():
    names = kt.graph_names()
    assert len(names) == 31
    assert set(kt.KNOWN_FAILURES) <= set(names)


def test_runner_prints_a_table(capsys):
    assert kt.main(["merge_layers", "no_such_model"]) == 1
    out = capsys.readouterr().out
    assert "| merge_layers | pass |" in out
    assert "| no_such_model | FAIL |" in out
    assert "1/2 passed" in out
