"""Regenerate tests/keras_gaps.py: the Keras-target gaps of the entry tests, as data.

    .venv/bin/python benchmarks/keras_gaps.py [--check]

Runs tests/frameworks_keras (the tests of tests/frameworks with Keras as the target, see
tests/targets.py) with the known-gap xfail marks taken off, and writes
- KERAS_XFAIL: every test case that fails, with its reason: "not translated yet: <the translation's
  first diagnostic>", or the specific cause of a run failure (RUN_REASONS, CASE_REASONS below);
- KERAS_EXCLUDED: every torch table entry that no passing Keras-target test translated, with the reason
  of a failing case that names or reads it, else NO_TEST_REASON.
Both grouped by reason (--save/--load FILE keep/reuse the test results). `--check` writes nothing and exits 1 when the file would change. Takes ~5
minutes (one process). Run it after a change to the Keras tables makes a strict xfail pass.
"""
from __future__ import annotations

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from target_gaps import FLAX_ONLY_DTYPES, REFUSED_EVERYWHERE, Target, main  # noqa: E402

# A run failure (not a diagnostic) -> its cause, by a pattern of the error text.
RUN_REASONS = [
    (r"no source weight 'running_mean'", "BatchNorm(track_running_stats=False): the Keras BatchNorm helper "
     "has moving statistics that PyTorch's module has not, so the weight transfer refuses"),
]
# Run failures whose error text does not say the cause: by test id prefix.
CASE_REASONS: dict[str, str] = {}
# Entries that no Keras-target test reads at all: by a pattern of the API.
NO_TEST_REASONS = [
    *REFUSED_EVERYWHERE,
    (r"^torch\.nn\.init\.|^Tensor\.(normal_|uniform_|fill_)$", "not translated yet: no keras translation for "
     "torch.nn.init.* (pivot ops init_*), nor for w.data.normal_()/uniform_()/fill_(); test_init.py reads "
     "Flax weights (Flax only)"),
    FLAX_ONLY_DTYPES,
    (r"_per_group$", "a group norm with one scale and shift per group (Gluon's GluonGroupNorm, read back): Keras's group norm has them per channel, so the translation reports it (test_helper_classes.py::test_group_norm_helper)"),
]
NO_TEST_REASON = ("no Keras-target test translates it: its tests in tests/frameworks are written for "
                  "Flax only (pytest.mark.target('flax'))")


def no_test_reason(api: str) -> str:
    return next((why for pattern, why in NO_TEST_REASONS if re.search(pattern, api)), NO_TEST_REASON)


KERAS = Target("keras", "Keras", no_test_reason, RUN_REASONS, CASE_REASONS)

if __name__ == "__main__":
    sys.exit(main(KERAS, sys.argv[1:]))
