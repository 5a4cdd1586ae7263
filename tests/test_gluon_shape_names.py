"""mxnet/reading/shape_names.py: names a function binds once to sizes (read as PyTorch sizes when
given to F.reshape); pure LibCST (the numeric check: tests/gluon/test_read_back_rules.py)."""
import libcst as cst

from nnport.frameworks.mxnet.reading.shape_names import sized_names


def _names(body: str) -> set[str]:
    return sized_names(cst.parse_module(f"def f(self, x):\n{body}").body[0])


def test_sizes_bound_once_are_sizes():
    assert _names("    s = x.shape[:-1] + (self.h, 4)\n    t = x.shape\n    u = (2, -1)\n") == {"s", "t", "u"}


def test_codes_rebinding_and_other_values_are_not():
    assert not _names("    a = (0, -1)\n    b = (-3, 2)\n    c = x.shape\n    c = (1, 2)\n    d = f(x)\n"
                      "    e = [2, 3]\n")
