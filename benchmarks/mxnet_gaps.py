"""Regenerate tests/mxnet_gaps.py: the Gluon-target gaps of the entry tests, as data.

    .venv-mxnet/bin/python benchmarks/mxnet_gaps.py [--check] [--save F | --load F]

Runs tests/frameworks_mxnet (the tests of tests/frameworks with MXNet Gluon as the target, in the
interpreter that has mxnet; see tests/targets.py) with the known-gap xfail marks taken off, and writes
MXNET_XFAIL (failing cases, with reasons) and MXNET_EXCLUDED (torch entries no passing Gluon-target
test translates, with reasons); see target_gaps.py. Run it after a change to the Gluon tables makes a
strict xfail pass.
"""
from __future__ import annotations

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from target_gaps import Target, main  # noqa: E402
from keras_gaps import NO_TEST_REASONS as _SHARED  # noqa: E402  (the reader's refusals, whatever the target)

RUN_REASONS: list[tuple[str, str]] = [
    (r"Expected a list of symbols as input", "a hybridized Gluon graph cannot output None (here PyTorch's "
     "MultiheadAttention(need_weights=False) result (out, None)): the imperative model matches, hybridize fails"),
    (r"shape \(\) vs \(1,\)", "a reduction to one value (or a dot product of vectors) is shape (1,) in MXNet 1.x, "
     "which has no 0-d arrays (PyTorch: shape ())"),
    (r"dtype kind b .* vs f", "comparisons and logical ops give 1/0 in the input's float dtype in MXNet 1.x; bool "
     "arrays are no option: most legacy operators refuse them (F.where: 'Unknown type enum 7')"),
]
NO_TEST_REASONS = [(p, why) for p, why in _SHARED if "keras" not in why.lower()]
NO_TEST_REASON = ("no Gluon-target test translates it: its tests in tests/frameworks are written for "
                  "Flax only (pytest.mark.target('flax'))")


def no_test_reason(api: str) -> str:
    return next((why for pattern, why in NO_TEST_REASONS if re.search(pattern, api)), NO_TEST_REASON)


MXNET = Target("mxnet", "Gluon", no_test_reason, RUN_REASONS)

if __name__ == "__main__":
    sys.exit(main(MXNET, sys.argv[1:]))
