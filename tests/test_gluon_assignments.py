"""mxnet/reading/assignments.py: the Gluon writer's `x = index_update(x, key, v, how)` read as the
subscript assignment it stands for (pure LibCST; the numeric check: tests/gluon/test_read_back_rules.py)."""
import libcst as cst
import pytest

from nnport.frameworks.mxnet.reading.assignments import subscript


@pytest.mark.parametrize("key, want", [
    ("(slice(None, None, None), 0)", "x[:, 0]"), ("(1, slice(8, None, None))", "x[1, 8:]"),
    ("(slice(None, 2, None),)", "x[:2]"), ("(slice(0, None, 2), 1)", "x[0::2, 1]"), ("(slice(3),)", "x[:3]"),
    ("key", "x[key]"), ("(m,)", "x[m]"),
])
def test_key_as_subscript(key, want):
    node = cst.Subscript(cst.Name("x"), subscript(cst.parse_expression(key)))
    assert cst.Module([]).code_for_node(node) == want
