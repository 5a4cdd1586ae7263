"""Numerical tests: indexing ops of torch/functions/indexing.py (function, method and in-place forms),
index assignment in realistic code, and the data-dependent ops that must be reported."""
import textwrap

import numpy as np
import pytest

import nnport
from harness import check, expr_case, forms_case, randint, randn
from test_shape import check_typed

X = randn(2, 3, 4)
Y = randn(2, 3, 4, seed=1)
I3 = np.array([2, 0, 1], dtype=np.int64)                  # a permutation of dim 1
DUP = np.array([1, 1, 0, 3], dtype=np.int64)              # repeated index: index_add accumulates
IDX = np.stack([np.random.default_rng(s).permutation(4) for s in range(6)]).reshape(2, 3, 4) % 3


@pytest.mark.parametrize("expr", [
    "x.index_add(1, i, y)", "torch.index_add(x, 1, i, y, alpha=0.5)", "x.index_add(-1, d, y)",
    "x.index_add(2, d, y, alpha=-2)", "x.index_copy(1, i, y)", "torch.index_copy(x, 1, i, y * 2)",
    "x.index_fill(2, d, -1.0)", "torch.index_fill(x, 1, i[:2], 0.5)", "x.index_fill(-2, i[:1], 3.0)",
    "x.take(d)", "torch.take(x, j)", "torch.take_along_dim(x, j, 2)", "x.take_along_dim(j[:, :1], 1)",
    "torch.take_along_dim(x, d)", "x.take_along_dim(j, dim=-1)",
    "x.masked_scatter(x > 0, y)", "torch.masked_scatter(x, y[0] > 0, y * 3)", "x.masked_scatter(x < -5, y)",
    "x.index_put((i[1:], i[:2]), y[0, :2])", "x.index_put([j[0] % 2], y[0], accumulate=True)",
    "x.index_put((d % 2,), x[:1], True)",
])
def test_indexing(expr):
    check_typed(expr_case(expr, "x, y, i, d, j"), inputs=[X, Y, I3, DUP, IDX])


# name -> arguments after the receiver x; every form the table has of each (in place: on a clone)
FORMS = {
    "index_add": "1, i, y, alpha=0.5", "index_copy": "1, i, y", "index_fill": "2, d, -1.0",
    "masked_scatter": "x > 0, y", "scatter_reduce": "1, j, y, 'amax'",
    "index_put": "(i[1:], i[:2]), y[0, :2]", "take": "j", "take_along_dim": "j, 2",
}


@pytest.mark.parametrize("name", FORMS)
def test_forms(name):
    check_typed(forms_case(name, FORMS[name], "x, y, i, d, j"), inputs=[X, Y, I3, DUP, IDX])


@pytest.mark.parametrize("reduce", ["sum", "prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
def test_scatter_reduce(reduce, include_self):
    expr = f"x.scatter_reduce(1, j, y, {reduce!r}, include_self={include_self})"
    check_typed(expr_case(expr, "x, y, j"), inputs=[X, Y, IDX])
    expr = f"torch.scatter_reduce(x.long(), 2, j[:, :2], (y * 5).long(), {reduce!r}, include_self={include_self})"
    check_typed(expr_case(expr, "x, y, j"), inputs=[X * 5, Y, IDX])


@pytest.mark.parametrize("body", [
    "x.index_add_(1, i, y)\n        return x",
    "x = x.clone()\n        x.index_fill_(2, d, 0.0)\n        return x",
    "x.masked_scatter_(x > 0, y)\n        return x",
    "x.scatter_reduce_(1, j, y, 'amax')\n        return x",
    "x.index_put_((i[1:],), y)\n        return x",
    "m = x > 0.5\n        x[m] = y[m]\n        return x",
    "x[:, 0] += 1\n        x[..., -1] -= y[..., 0]\n        return x",
    "x[0, i] = 0.0\n        return x",
    "x[x.abs() > 1] *= 0.5\n        return x",
    "x[:, :, 1:3] = y[:, :, :2].flip(-1)\n        return x",
])
def test_in_place_and_index_assignment(body):
    src = expr_case("x", "x, y, i, d, j").replace("return x", body)
    check(src, inputs=[X, Y, I3, DUP, IDX])


def test_realistic_graph_pooling():
    """Mean-aggregation message passing with scatter_reduce and index_add, gather of edge endpoints."""
    src = textwrap.dedent("""\
        import torch
        import torch.nn as nn

        class Model(nn.Module):
            def __init__(self, dim=4):
                super().__init__()
                self.msg = nn.Linear(2 * dim, dim)

            def forward(self, h, edges):
                src, dst = edges[0], edges[1]
                m = self.msg(torch.cat([h.index_select(0, src), h[dst]], dim=-1))
                agg = torch.zeros_like(h).index_add(0, dst, m)
                deg = torch.zeros(h.size(0)).index_add_(0, dst, torch.ones(dst.size(0)))
                mean = h.scatter_reduce(0, dst.unsqueeze(-1).expand_as(m), m, "mean", include_self=False)
                out = h.clone()
                out[deg > 0] = agg[deg > 0] / deg[deg > 0].unsqueeze(-1)
                return out, mean
        """)
    edges = np.array([[0, 1, 2, 3, 4, 0], [1, 2, 1, 0, 0, 4]], dtype=np.int64)
    check(src, inputs=[randn(5, 4), edges])


@pytest.mark.target("flax")
@pytest.mark.parametrize("expr, message", [
    ("torch.nonzero(x)", "data-dependent"), ("x.nonzero()", "data-dependent"),
    ("torch.argwhere(x)", "data-dependent"), ("x.argwhere()", "data-dependent"),
    ("torch.unique(x)", "data-dependent"), ("x.unique(return_counts=True)", "data-dependent"),
    ("x.unique_consecutive()", "data-dependent"), ("torch.unique_consecutive(x)", "data-dependent"),
    ("x.scatter_reduce(0, i, y, 'max')", "reduce='max'"), ("x.scatter_reduce(0, i, y, r)", "non-literal reduce"),
    ("x.index_add(n, i, y)", "non-literal dim"), ("x.index_put((i,), y, acc)", "non-literal accumulate"),
    ("torch.take_along_dim(x, i, 1, out=y)", "out="),
])
def test_unsupported(expr, message):
    conv = nnport.convert(expr_case(expr, "x, y, i, n, r, acc"), to="flax", source="torch")
    assert any(message in d.message for d in conv.issues), [d.message for d in conv.issues]
