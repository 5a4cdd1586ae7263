"""tests/frameworks run again with Keras as the target (collected by tests/targets.py)."""
import pytest

import harness


@pytest.fixture(autouse=True)
def keras_target(monkeypatch):
    """harness.check & co. translate to Keras; each test starts from an empty Keras graph (names,
    layer counters), memory kept (freeing it is slow)."""
    import keras
    monkeypatch.setattr(harness, "TARGET", "keras")
    yield
    keras.backend.clear_session(free_memory=False)
