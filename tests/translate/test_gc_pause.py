"""gc_pause.paused(): the collector is off inside, restored after (also on errors and when the
caller had it off), and nnport.convert runs with it off."""
import gc

import pytest

import nnport
from nnport.translate import gc_pause


@pytest.fixture(autouse=True)
def _restore_gc():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_off_inside_and_on_again_after():
    gc.enable()
    with gc_pause.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_restored_when_the_block_raises():
    gc.enable()
    with pytest.raises(KeyError):
        with gc_pause.paused():
            raise KeyError("x")
    assert gc.isenabled()


def test_a_caller_that_disabled_it_keeps_it_disabled():
    gc.disable()
    with gc_pause.paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_convert_translates_with_the_collector_off(monkeypatch):
    from nnport.translate import engine
    seen = []
    real = engine._convert

    def spy(*args):
        seen.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(engine, "_convert", spy)
    gc.enable()
    conv = nnport.convert("import torch\nx = torch.zeros(1)\n", to="flax")
    assert seen == [False] and gc.isenabled()
    assert "jnp.zeros" in conv.code
