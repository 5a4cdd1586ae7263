"""The known gaps of each target, as the test suite keeps them (read, never recomputed).

- not supported: tests/excluded_entries.py's exclusions per target, the dicts tests/entry_check.py
  names in EXCLUSIONS (Flax: EXCLUDED, round trip: ROUND_TRIP_EXCLUDED, Keras and MXNet: the
  generated KERAS_EXCLUDED / MXNET_EXCLUDED of tests/keras_gaps.py, tests/mxnet_gaps.py): torch
  entries no passing numeric test of the target translates, with the reason;
- known failures: excluded_entries.XFAIL (test id -> reason), the cases tests/targets.py marks
  xfail(strict=True). A case is tied to the torch APIs its id calls (`[torch.arange(5)]`,
  `[x.squeeze(2)]`, `[F.max_pool2d(x, 2)-shape15]`, `[nn.CrossEntropyLoss(...)]`).
Every other torch entry is translated by a passing numeric test of the target (entry_check.py fails
the suite otherwise).
"""
from __future__ import annotations

import importlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

# the checkout's tests/ folder, next to src/ (absent from an installed package)
TESTS = Path(__file__).resolve().parents[3] / "tests"
_CALL = re.compile(r"(?:(?<![\w.])(?:torch(?:\.\w+)+|F\.\w+|nn\.\w+)|\.\w+)(?=\()")
_SPELLING = (("F.", "torch.nn.functional."), ("nn.", "torch.nn."), (".", "Tensor."))


@dataclass
class Gaps:
    origin: str = ""                                                    # where they were read from
    excluded: dict[str, dict[str, str]] = field(default_factory=dict)  # target -> api -> reason
    xfail: dict[str, dict[str, str]] = field(default_factory=dict)     # target -> test id -> reason


def load(tests: Path | str | None = TESTS) -> Gaps | None:
    """The gaps kept in `tests` (a checkout's tests/ folder); None when there is none."""
    if tests is None or not (Path(tests) / "excluded_entries.py").is_file():
        return None
    folder = str(Path(tests).resolve())
    added = folder not in sys.path
    if added:
        sys.path.insert(0, folder)
    try:
        entry_check = importlib.import_module("entry_check")
        excluded = importlib.import_module("excluded_entries")
    finally:
        if added:
            sys.path.remove(folder)
    return Gaps(
        origin="tests/excluded_entries.py",
        excluded={t: dict(getattr(excluded, name.split(".", 1)[1])) for t, name in entry_check.EXCLUSIONS.items()},
        xfail={t: dict(x) for t, x in excluded.XFAIL.items()},
    )


def apis_of(test_id: str) -> list[str]:
    """The torch APIs a test case's id calls, spelled as the tables key them (`Tensor.squeeze`)."""
    _, bracket, params = test_id.partition("[")
    out = []
    for name in _CALL.findall(params) if bracket else ():
        for short, full in _SPELLING:
            if name.startswith(short):
                name = full + name[len(short):]
                break
        if name not in out:
            out.append(name)
    return out
