"""PyTorch -> Keras, indexing ops beyond tests/frameworks/test_indexing.py (keras/functions/indexing.py,
keras/support/indexing.py): negative and 0-d indices where PyTorch takes them, non-literal dims and
accumulate (the helpers take them at run time), and what stays a diagnostic."""
import numpy as np
import pytest

import nnport
from harness import check, expr_case, randn

X = randn(2, 3, 4)
Y = randn(2, 3, 4, seed=1)
I3 = np.array([2, 0, 1], dtype=np.int64)
DUP = np.array([1, 1, 0, 3], dtype=np.int64)


@pytest.mark.parametrize("expr", [
    "x.index_fill(1, i - 3, 2.0)", "x.index_fill(0, torch.tensor(1), -1.0)",
    "x.index_put((d % 2 - 2,), y[:1], accumulate=True)", "x.index_put((i[1:] - 2, d[:2] - 4), y[0, 0, :1])",
    "torch.take(x, d - 24)", "x.index_add(x.dim() - 1, d, y * 2)", "x.index_put((d % 2,), x[:1], x.dim() > 2)",
    "x.index_copy(0, torch.tensor([1, 0]), y)",
])
def test_indices(expr):
    check(expr_case(expr, "x, y, i, d"), inputs=[X, Y, I3, DUP])


@pytest.mark.parametrize("expr", [
    "x.index_put((x[:, :, 0] > 0,), torch.tensor(0.5))",             # a mask over leading axes, one value
    "x.index_put((x > 0,), torch.tensor(-1.0), accumulate=True)",     # a full mask, accumulated
    "x.index_put((x[:, 0, 0] > 0,), y[:1])",                          # one True position, one row
    "x.index_put((x[:, :, 0] > 0,), y[0, :(x[:, :, 0] > 0).sum()], accumulate=True)",   # a row for each of 3
    "x.index_put((x[:, :, 0] > 0,), y[:1, 0])",                       # one row (1, 4) broadcast to the 3
    "x.index_put((x[:, :, 0] > 0,), y[0, 0])",                        # a row broadcast to every True position
])
def test_index_put_with_a_boolean_mask(expr):
    """x[mask] = v as torch.index_put with one boolean index: mask_put (ops.where), not a scatter."""
    code = nnport.convert(expr_case(expr, "x, y"), to="keras", source="torch").code
    assert "index_put(" in code and "def mask_put" in code
    check(expr_case(expr, "x, y"), inputs=[X, Y])


@pytest.mark.parametrize("expr, message", [
    ("x.scatter_reduce(0, i, y, 'max')", "reduce='max'"), ("x.scatter_reduce(0, i, y, r)", "non-literal reduce"),
    ("x.scatter_reduce(0, i, y, 'sum', include_self=r)", "non-literal include_self"),
    ("torch.take_along_dim(x, i, 1, out=y)", "out="),
])
def test_unsupported(expr, message):
    conv = nnport.convert(expr_case(expr, "x, y, i, r"), to="keras", source="torch")
    assert any(message in d.message for d in conv.issues), [d.message for d in conv.issues]
