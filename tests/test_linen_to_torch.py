"""Flax Linen -> PyTorch over the Linen corpus (tests/corpus/linen/*.py), on real Flax and PyTorch: each
model converted through the Flax source (Linen rewritten to NNX first), the Linen variables (perturbed)
moved with nnport.transfer_weights(linen_model.bind(variables), torch_model), outputs compared in eval
mode and, for models with a mode argument, in training mode with dropout off and every running
statistic afterwards (corpus/linen_to_torch.run). The full table: `python tests/corpus/linen_to_torch.py`."""
from __future__ import annotations

import pytest

from corpus import linen_to_torch as corpus
from corpus.runner import cases

KNOWN = corpus.KNOWN_FAILURES
# models with running statistics: how many the training-mode comparison reaches
STATES = {"cnn_bn_dropout": 4, "resnet_block": 8, "setup_mode_flags": 2, "running_mean": 1}


@pytest.mark.parametrize("name", cases(KNOWN, corpus.names()))
def test_linen_model_equal_in_torch(name):
    r = corpus.run(name)
    assert r["eval_err"] <= corpus.TOL
    assert r["train_err"] is None or r["train_err"] <= corpus.TOL
    assert r["states"] == STATES.get(name, 0)


def test_linen_corpus_passes_enough():
    assert len(corpus.names()) - len(KNOWN) >= 10


def test_linen_diagnostics_point_into_the_linen_file():
    """The Linen rewrite's diagnostics and the NNX reading's both carry lines of the Linen file."""
    import nnport
    code = (corpus.LINEN_DIR / "setup_lists.py").read_text()
    conv = nnport.convert(code, source="flax", to="torch")
    warned = [d for d in conv.diagnostics if "deterministic= fixed" in d.message]
    assert warned and "deterministic=True" in code.splitlines()[warned[0].line - 1]
    code = (corpus.LINEN_DIR / "einsum_attention.py").read_text()
    conv = nnport.convert(code, source="flax", to="torch")
    (mask,) = [d for d in conv.diagnostics if "make_causal_mask" in d.message]
    assert "make_causal_mask" in code.splitlines()[mask.line - 1]


def test_transfer_takes_a_bound_linen_model_only():
    """An unbound Linen module has no variables: nnport cannot tell it apart as a weight source."""
    import jax
    import torch
    from flax import linen as nn
    import nnport
    from nnport.errors import WeightTransferError
    from nnport.frameworks.flax.linen.transfer import is_bound_linen
    with pytest.raises(WeightTransferError):
        nnport.transfer_weights(nn.Dense(3), torch.nn.Linear(2, 3))
    bound = nn.Dense(3).bind(nn.Dense(3).init(jax.random.key(0), jax.numpy.ones((1, 2))))
    assert is_bound_linen(bound) and not is_bound_linen(nn.Dense(3))


def test_linen_to_flax_is_the_nnx_rewrite():
    """`nnport convert linen.py --to flax`: the NNX rewrite (an NNX file stays as it is)."""
    import nnport
    from nnport.frameworks.flax.linen.rewrite import to_nnx
    code = (corpus.LINEN_DIR / "mlp_compact.py").read_text()
    conv = nnport.convert(code, to="flax")
    assert conv.source == "flax" and conv.code == to_nnx(code)[0] and "nnx.Linear(12" in conv.code
    nnx_code = conv.code
    assert nnport.convert(nnx_code, to="flax").code == nnx_code
