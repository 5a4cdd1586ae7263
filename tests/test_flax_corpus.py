"""Flax NNX -> PyTorch over the NNX corpus (tests/corpus/flax/*.py, written for this), on real Flax and
PyTorch: each model converted, both built, the Flax variables (perturbed) copied with
nnport.transfer_weights, outputs compared in eval mode and, with dropout at 0, in training mode with
every running statistic afterwards (corpus/flax_to_torch.run). The full table:
`python tests/corpus/flax_to_torch.py`."""
from __future__ import annotations

import pytest

from corpus import flax_to_torch as corpus

KNOWN = corpus.KNOWN_FAILURES
# models with running statistics: how many the training-mode comparison reaches (BatchNorm mean/var,
# a custom BatchStat); the others have none
STATES = {"bn_mlp": 4, "resnet_block": 8, "sequential_cnn": 2, "batchstat_buffer": 1}


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(reason=KNOWN[n], strict=True))
                                  if n in KNOWN else n for n in corpus.names()])
def test_corpus_model_equal(name):
    r = corpus.run(name)
    assert r["eval_err"] <= corpus.TOL
    assert name in corpus.RANDOM_IN_TRAINING or r["train_err"] <= corpus.TOL
    assert r["states"] == STATES.get(name, 0)


def test_corpus_is_large_enough():
    assert len(corpus.names()) >= 20
