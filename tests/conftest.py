import os
import sys
from pathlib import Path

os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.dirname(__file__))

import entry_check  # noqa: E402  (needs the path above)
from excluded_entries import EXCLUDED, ROUND_TRIP_EXCLUDED  # noqa: E402


def pytest_addoption(parser):
    entry_check.addoption(parser)


def pytest_configure(config):
    config.addinivalue_line("markers", "fast: quick tests (seconds in all), e.g. the Keras corpus")
    # every torch table entry has a numeric test in tests/frameworks, or a reason in EXCLUDED, for
    # the Flax target and for the round trip to PyTorch (tests/round_trip.py)
    entry_check.register(config, Path(__file__).parent / "frameworks",
                         targets={"flax": EXCLUDED, "torch": ROUND_TRIP_EXCLUDED})
