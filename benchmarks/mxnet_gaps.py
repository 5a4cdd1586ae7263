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
from target_gaps import FLAX_ONLY_DTYPES, REFUSED_EVERYWHERE, Target, main  # noqa: E402

RUN_REASONS: list[tuple[str, str]] = [
    (r"Expected a list of symbols as input", "a hybridized Gluon graph cannot output None (here PyTorch's "
     "MultiheadAttention(need_weights=False) result (out, None)): the imperative model matches, hybridize fails"),
    (r"shape \(\) vs \(1,\)", "a reduction to one value (or a dot product of vectors) is shape (1,) in MXNet 1.x, "
     "which has no 0-d arrays (PyTorch: shape ())"),
    (r"dtype kind b .* vs f", "comparisons and logical ops give 1/0 in the input's float dtype in MXNet 1.x; bool "
     "arrays are no option: most legacy operators refuse them (F.where: 'Unknown type enum 7')"),
    (r"There are no inputs in computation graph that require gradients",
     "its output depends on no input or parameter: hybridized, MXNet's CachedOp refuses a graph without "
     "inputs (the imperative model matches)"),
    (r"cannot select an axis to squeeze out", "squeeze of an axis whose size is not 1: PyTorch leaves it, "
     "F.squeeze(axis=) raises (written so that the block hybridizes; it never gives another result)"),
    (r"evenly sized chunks|array split does not result in an equal division",
     "chunks that do not divide the axis: PyTorch makes the last piece smaller, F.split / F.split_v2 raise "
     "(written so that the block hybridizes; they never give other pieces)"),
    (r"Unknown type enum 7", "MXNet 1.9 has no bool kernel for this operator (swapaxes, flip, transpose, "
     "slice_axis, concat, where...): it raises for a bool array"),
]
NO_TEST_REASONS = [*REFUSED_EVERYWHERE, FLAX_ONLY_DTYPES]
NO_TEST_REASON = ("no Gluon-target test translates it: its tests in tests/frameworks are written for "
                  "Flax only (pytest.mark.target('flax'))")


def no_test_reason(api: str) -> str:
    return next((why for pattern, why in NO_TEST_REASONS if re.search(pattern, api)), NO_TEST_REASON)


MXNET = Target("mxnet", "Gluon", no_test_reason, RUN_REASONS)

if __name__ == "__main__":
    sys.exit(main(MXNET, sys.argv[1:]))
