"""tests/frameworks run again with MXNet Gluon as the target (collected by tests/targets.py, in the
interpreter that has mxnet: .venv-mxnet)."""
import pytest

import harness


@pytest.fixture(autouse=True)
def mxnet_target(monkeypatch):
    """harness.check & co. translate to Gluon; each model is also compared hybridized."""
    monkeypatch.setattr(harness, "TARGET", "mxnet")
