"""Every Linen corpus model (tests/corpus/linen/*.py) rewritten to Flax NNX, built on both sides with
the Linen variables moved into the NNX model, equal in eval mode and in one training step (dropout
off on both sides, batch statistics updated), to RTOL (tests/corpus/linen_to_nnx.py)."""
import pytest

from corpus import linen_to_nnx as runner

# what does not work yet, with the reason (strict: a fix makes the test fail until removed here)
KNOWN = {
    "partial_resnet": "the projection shortcut is constructed under a condition of __call__ (shapes differ) "
                      "in one block only; NNX creates layers in __init__ and the rewrite cannot decide "
                      "the condition there (diagnosed as an error)",
    "gru_tagger": "nnx.GRUCell has no bias on the hidden candidate (Linen's hn bias sits inside r * (...)): "
                  "a non-zero one cannot move (load_linen raises; equal only while it is zero)",
}


@pytest.mark.parametrize("path", runner.files(), ids=lambda p: p.stem)
def test_linen_model_equal_after_rewrite(path):
    try:
        res = runner.check(path)
    except (AssertionError, ValueError):
        if path.stem in KNOWN:
            pytest.xfail(KNOWN[path.stem])
        raise
    assert path.stem not in KNOWN, "now passes: remove it from KNOWN"
    assert all(v <= runner.RTOL for v in res.values()), res


def test_the_comparison_sees_weights_that_were_not_moved(monkeypatch):
    """Guard on the check itself: with the transfer skipped the NNX model keeps its own random
    weights, and the outputs differ."""
    from nnport.frameworks.flax.linen import transfer
    monkeypatch.setattr(transfer, "load_linen", lambda *a, **k: 0)
    res = runner.check(runner.CORPUS / "mlp_compact.py")
    assert res["eval"] > 1e-2
