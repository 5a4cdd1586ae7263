"""PyTorch -> Keras, shape family (functions/shape.py, support/shape.py): the helpers against PyTorch
itself, on the cases the entry tests of tests/frameworks/test_shape.py do not reach (every rot90 turn on
non-square planes, 0-d and 1-D blocks, empty index triangles, indices known only when it runs), and
translations that take the helper paths."""
import numpy as np
import pytest

from harness import check, compare, expr_case, randn
from nnport.frameworks.keras.support import shape as support

X = randn(2, 3, 4)


def _torch(*arrays):
    import torch
    return [torch.from_numpy(np.array(a, copy=True)) for a in arrays]


@pytest.mark.parametrize("k", [-3, -2, -1, 0, 1, 2, 3, 4, 6])
@pytest.mark.parametrize("dims", [(0, 1), (1, 2), (2, 0), (-1, 0), (0, -2)])
def test_rot90(k, dims):
    import torch
    (t,) = _torch(X)
    compare(torch.rot90(t, k, dims), support.rot90(X, k, dims), 0)


@pytest.mark.parametrize("shapes", [[(), (2, 3)], [(3,), (2, 2)], [(1, 4), (), (2,)]])
def test_block_diag(shapes):
    import torch
    xs = [randn(*s, seed=i) if s else np.float32(i + 0.5) for i, s in enumerate(shapes)]
    compare(torch.block_diag(*_torch(*xs)), support.block_diag(*xs), 0)


@pytest.mark.parametrize("args", [(3, 3), (3, 5, 1), (4, 3, -1), (2, 3, -5), (2, 3, 7), (1, 1), (0, 3)])
def test_index_triangles(args):
    import torch
    for name in ("tril_indices", "triu_indices"):
        ref, got = getattr(torch, name)(*args), getattr(support, name)(*args)
        assert np.asarray(got).shape == tuple(ref.shape) and np.asarray(got).dtype == np.int64, name
        compare(ref, got, 0)


@pytest.mark.parametrize("name, arrays", [
    ("atleast_1d", [()]), ("atleast_2d", [(), (4,)]), ("atleast_3d", [(), (4,), (2, 4), (2, 3, 4)]),
    ("broadcast_tensors", [(3, 1), (1, 4), (2, 1, 1)]),
])
def test_spread_helpers(name, arrays):
    import torch
    xs = [randn(*s, seed=i) if s else np.float32(i + 0.5) for i, s in enumerate(arrays)]
    compare(getattr(torch, name)(*_torch(*xs)), getattr(support, name)(*xs), 0)


@pytest.mark.parametrize("name, arrays", [
    ("vstack", [(4,), (4,), (2, 4)]), ("column_stack", [(3,), (3, 2)]), ("column_stack", [(), ()]),
])
def test_stack_helpers(name, arrays):
    import torch
    xs = [randn(*s, seed=i) if s else np.float32(i + 0.5) for i, s in enumerate(arrays)]
    compare(getattr(torch, name)(_torch(*xs)), getattr(support, name)(xs), 0)


@pytest.mark.parametrize("sections", [3, 5, [1, 3], (0, 2, 2), [4]])
def test_tensor_split(sections):
    import torch
    (t,) = _torch(X)
    compare(torch.tensor_split(t, sections, 2), support.tensor_split(X, sections, 2), 0)


@pytest.mark.parametrize("expr", [
    "torch.tensor_split(x, list(range(1, 3)), 2)", "torch.tensor_split(x, x.dim(), -1)",
    "torch.rot90(x, 2, (0, 2))", "torch.column_stack([x[0, 0], y[0, 0]])", "torch.vstack([x[0, 0], y[0, 0]])",
    "torch.tril_indices(2, 3, -5)", "x.unflatten(-1, x.shape[-1:])", "x.unflatten(1, [3])",
    "x.numel() // 4 * x", "torch.cartesian_prod(x[0, 0], y[0, 0, :2])",
])
def test_helper_paths(expr):
    check(expr_case(expr, "x, y"), inputs=[X, randn(2, 3, 4, seed=1)], to="keras")
