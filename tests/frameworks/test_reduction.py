"""Numerical tests: reductions with dim/keepdim, (values, indices) results, norms, scans, sorting."""
import numpy as np
import pytest

import nnport
from harness import check, expr_case, forms_case, randn, target

X = randn(3, 4, 5)


@pytest.mark.parametrize("expr", [
    "torch.sum(x)", "x.sum(1)", "x.sum(dim=(0, 2))", "torch.sum(x, [0, 1], keepdim=True)", "x.sum(-1, True)",
    "torch.mean(x)", "x.mean(dim=1, keepdim=True)", "torch.mean(x, (1, 2))", "x.nansum(0)",
    "torch.nanmean(x, 2)", "torch.prod(x)", "x.prod(1, keepdim=True)", "torch.amax(x)", "x.amax(dim=(0, 2))",
    "torch.amin(x, 1, keepdim=True)", "x.amin()", "torch.max(x)", "x.min()", "torch.logsumexp(x, 1)",
    "x.logsumexp(dim=(1, 2), keepdim=True)", "torch.any(x > 1)", "(x > 1).any(1)",
    "torch.all(x > -2, dim=2, keepdim=True)", "(x > -3).all()", "torch.count_nonzero(x > 0)",
    "(x > 0).count_nonzero(dim=1)",
])
def test_reduce(expr):
    check(expr_case(expr), inputs=[X])


@pytest.mark.parametrize("expr", [
    "torch.argmax(x)", "x.argmax(1)", "torch.argmin(x, dim=2, keepdim=True)", "x.argmin()",
    "torch.max(x, 1)", "x.max(dim=2, keepdim=True)", "x.min(0)", "torch.min(x, -1)[0]", "x.max(1)[1]",
    "torch.max(x, y)", "x.min(y)", "torch.max(x, 1, True)",
])
def test_values_indices(expr):
    check(expr_case(expr, "x, y"), inputs=[X, randn(3, 4, 5, seed=3)])


UNPACK = """\
import torch
import torch.nn as nn

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.dim = 1

    def forward(self, x):
        v, i = x.max(self.dim)
        w, j = torch.sort(x, dim=2, descending=True)
        t, k = x.topk(2, dim=1, largest=False)
        return v, i, w, j, t, k
"""


def test_unpack():
    check(UNPACK, inputs=[X])


FIELDS = UNPACK.replace("""        v, i = x.max(self.dim)
        w, j = torch.sort(x, dim=2, descending=True)
        t, k = x.topk(2, dim=1, largest=False)
        return v, i, w, j, t, k""", """        r = x.max(self.dim)
        s = torch.sort(x, dim=2, descending=True)
        return (r.values, r.indices, s.values, s.indices, x.topk(2, dim=1).values,
                x.min(0).indices, torch.max(x, 2, keepdim=True).values)""")


def test_named_result_fields():
    """PyTorch's (values, indices) named tuples: fields read as tuple items."""
    assert ".values" in FIELDS
    code = check(FIELDS, inputs=[X]) is not None and nnport.convert(FIELDS, to=target()).code
    assert ".values" not in code and ".indices" not in code


@pytest.mark.parametrize("expr", [
    "torch.var(x)", "x.var(1)", "x.var(1, unbiased=False)", "torch.var(x, 2, False, True)",
    "x.var(dim=(0, 1), correction=0)", "x.var(correction=2, keepdim=True)", "torch.std(x)",
    "x.std(0, keepdim=True)", "torch.std(x, dim=1, unbiased=False)", "x.std(correction=0)",
    "torch.norm(x)", "x.norm(dim=1)", "x.norm(p=1)", "torch.norm(x, p=1, dim=2, keepdim=True)",
    "x.norm(p='fro', dim=(1, 2))", "x.norm(float('inf'), dim=1)", "x.norm(3)",
    "torch.linalg.norm(x)", "torch.linalg.norm(x, dim=1)", "torch.linalg.norm(x[0], ord=1)",
    "torch.linalg.norm(x[0], ord='fro')", "torch.linalg.norm(x, ord=2, dim=-1, keepdim=True)",
    "torch.linalg.vector_norm(x)", "torch.linalg.vector_norm(x, ord=1, dim=(0, 2))",
    "torch.linalg.vector_norm(x, 0.5, dim=1, keepdim=True)",
    "torch.cumsum(x, 1)", "x.cumsum(dim=-1)", "torch.cumprod(x, 0)", "x.cumprod(2)",
    "torch.sort(x)", "x.sort(1)", "torch.sort(x, dim=0, descending=True)", "x.sort(stable=True)[0]",
    "torch.argsort(x)", "x.argsort(1, descending=True)", "torch.argsort(x, dim=0, stable=True)",
    "torch.topk(x, 3)", "x.topk(2, 1)", "x.topk(2, dim=0, largest=False)", "torch.topk(x, 1, largest=False)",
    "torch.sort(x.topk(3, sorted=False)[0])[0]", "torch.softmax(x, 1)", "x.softmax(-1)", "x.softmax(dim=0)",
    "torch.log_softmax(x, dim=2)", "x.log_softmax(1)",
])
def test_stats_sort(expr):
    check(expr_case(expr), inputs=[X])


NANS = np.where(X > 1, np.nan, X).astype(np.float32)
# name -> arguments after the receiver x; every form the table has of each (in place: on a clone)
FORMS = {"nansum": "1", "nanmean": "dim=2, keepdim=True", "cumsum": "1", "cumprod": "-1",
         "logsumexp": "0", "amax": "(0, 2)", "count_nonzero": "1", "argsort": "1"}


@pytest.mark.parametrize("name", FORMS)
def test_forms(name):
    check(forms_case(name, FORMS[name]), inputs=[NANS if name.startswith("nan") else X])


def test_inplace_scan():
    # x * 1 first: torch.from_numpy shares memory, an in-place op on the input would change X itself
    check(expr_case("(x * 1).cumsum_(1)", "x"), inputs=[X])


@pytest.mark.target("flax")
@pytest.mark.parametrize("expr, message", [
    ("torch.sum(x, 1, out=x)", "out="),
    ("x.norm(p='nuc')", "nuc"),
    ("torch.softmax(x, 1, dtype=torch.float64)", "dtype"),
    ("x.var(1, unbiased=True, correction=1)", "correction"),
])
def test_unsupported(expr, message):
    conv = nnport.convert(expr_case(expr), to="flax", source="torch")
    assert any(message in d.message for d in conv.issues), conv.code
