"""Flax NNX -> PyTorch over the NNX corpus (tests/corpus/flax/*.py, written for this), on real Flax and
PyTorch: each model converted, both built, the Flax variables (perturbed) copied with
nnport.transfer_weights, outputs compared in eval mode and, with dropout at 0, in training mode with
every running statistic afterwards (corpus/flax_to_torch.run). The full table:
`python tests/corpus/flax_to_torch.py`."""
from __future__ import annotations

import ast

import pytest

from corpus import flax_to_torch as corpus
from corpus.runner import cases

KNOWN = corpus.KNOWN_FAILURES
# models with running statistics: how many the training-mode comparison reaches (BatchNorm mean/var,
# a custom BatchStat); the others have none
STATES = {"bn_mlp": 4, "resnet_block": 8, "sequential_cnn": 2, "batchstat_buffer": 1}


@pytest.mark.parametrize("name", cases(KNOWN, corpus.names()))
def test_corpus_model_equal(name):
    r = corpus.run(name)
    assert r["eval_err"] <= corpus.TOL
    assert name in corpus.RANDOM_IN_TRAINING or r["train_err"] <= corpus.TOL
    assert r["states"] == STATES.get(name, 0)


def test_corpus_is_large_enough():
    assert len(corpus.names()) >= 20


# what needs the recorded run (NNPORT_RECORD_SHAPES=0, or flax missing): the rank of a BatchNorm's
# input, the input size of a strided 'SAME' convolution
NEED_A_RUN = {"bn_mlp": "input rank is unknown", "resnet_block": "input rank is unknown",
              "sequential_cnn": "input rank is unknown", "unet_small": "needs the input size"}


@pytest.mark.parametrize("name", corpus.names())
def test_corpus_without_a_run_converts_or_says_why(name, monkeypatch):
    """Without the recorded run every model still converts; what needs a shape is refused by name."""
    import nnport
    monkeypatch.setenv("NNPORT_RECORD_SHAPES", "0")
    conv = nnport.convert((corpus.FLAX_DIR / f"{name}.py").read_text(), to="torch")
    assert conv.source == "flax"
    tree = ast.parse(conv.code)
    why = NEED_A_RUN.get(name)
    if why:
        assert any(why in d.message for d in conv.issues), [d.message for d in conv.issues]
    else:
        assert not conv.issues, [d.message for d in conv.issues]
        imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names} | \
            {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert "torch" in imported and not imported & {"jax", "flax"}
