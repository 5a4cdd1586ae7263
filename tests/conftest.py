import importlib.util
import os
import sys
from pathlib import Path

os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# On CPUs without AVX-512 TensorFlow 2.21 leaves oneDNN off, and its eager CPU Conv1D/Conv2D then refuse
# channels-first input ("only supports the NHWC tensor format on the CPU"): oneDNN on runs them.
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")
sys.path.insert(0, os.path.dirname(__file__))

import entry_check  # noqa: E402  (needs the path above)
import targets  # noqa: E402
from excluded_entries import EXCLUDED, KERAS_EXCLUDED, MXNET_EXCLUDED, ROUND_TRIP_EXCLUDED  # noqa: E402

# tests/gluon needs MXNet 1.9 (numpy<1.24): `make test` runs it in .venv-mxnet; elsewhere it is not collected
# (tests/frameworks_mxnet too); the other tests need keras/jax, which that interpreter lacks
MXNET = importlib.util.find_spec("mxnet") is not None
collect_ignore = ["gluon", "frameworks_mxnet"] if not MXNET else \
    [p.name for p in Path(__file__).parent.iterdir() if p.name not in ("gluon", "frameworks_mxnet")
     and (p.suffix == ".py" and p.name.startswith("test_") or p.is_dir() and p.name != "__pycache__")]


def pytest_addoption(parser):
    entry_check.addoption(parser)


def pytest_configure(config):
    config.addinivalue_line("markers", "fast: quick tests (seconds in all), e.g. the Keras corpus")
    config.addinivalue_line("markers", "target(*names): a tests/frameworks test written for these targets "
                                       "only (not collected again for the others, see targets.py)")
    # every torch table entry has a numeric test in tests/frameworks, or a reason in EXCLUDED, for
    # the Flax target and for the round trip to PyTorch (tests/round_trip.py); the same tests run
    # for the Keras target under tests/frameworks_keras (reasons in KERAS_EXCLUDED), and for Gluon
    # under tests/frameworks_mxnet (MXNET_EXCLUDED), each checked by the interpreter that runs its folder
    here = Path(__file__).parent
    if MXNET:
        entry_check.register(config, here / "frameworks", targets={"mxnet": MXNET_EXCLUDED},
                             folders={"mxnet": here / "frameworks_mxnet"})
        return
    entry_check.register(config, here / "frameworks",
                         targets={"flax": EXCLUDED, "torch": ROUND_TRIP_EXCLUDED, "keras": KERAS_EXCLUDED},
                         folders={"keras": here / "frameworks_keras"})


def pytest_collect_directory(path, parent):
    """tests/frameworks_<target>/ collects the modules of tests/frameworks again (targets.py)."""
    return targets.collect_directory(path, parent)
