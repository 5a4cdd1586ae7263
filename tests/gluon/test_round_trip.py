"""PyTorch -> Gluon -> PyTorch on a representative subset of the PyTorch corpus (the whole corpus:
`python tests/corpus/pairs.py --round-trip mxnet`): the Gluon writer's support definitions read back
(BatchNorm, hybrid_sequential, run_recurrent, HybridLambda, AlphaDropout, initializers), weights
transferred, eval and train outputs and buffers equal (corpus.runner.run_round_trip; .venv-mxnet)."""
from __future__ import annotations

import pytest

from corpus.runner import run_round_trip

SUBSET = ("resnet_basic", "lstm_states", "activations_zoo", "dropout_net", "gcn", "mlp_mixer")


@pytest.mark.parametrize("name", SUBSET)
def test_round_trip_through_gluon_is_equal(name):
    r = run_round_trip(name, via="mxnet")
    assert r["similarity"] > 0.5
