"""nnport.support.matrix: the cells, from the tables and the tests' gaps."""
from __future__ import annotations

import pytest

from nnport import frameworks
from nnport.support import gaps, matrix


@pytest.fixture(scope="module")
def known():
    return gaps.load()


@pytest.fixture(scope="module")
def rows(known):
    return matrix.torch_rows(known)


@pytest.fixture(scope="module")
def by_api(rows):
    return {r.api: r for r in rows}


def test_every_torch_entry_is_one_row_with_every_target(rows, by_api):
    torch = frameworks.get("torch")
    assert len(rows) == len(torch.layers) + len(torch.functions)
    assert set(by_api) == {e.api for e in (*torch.layers, *torch.functions)}
    assert all(set(r.cells) == set(matrix.TARGETS) for r in rows)
    assert [r.group for r in rows] == sorted((r.group for r in rows), key=matrix.GROUPS.index)
    assert by_api["torch.nn.Conv2d"].family == "basic" and by_api["Tensor.view"].group == "tensor methods"


def test_excluded_entries_are_not_supported_with_their_reason(by_api, known):
    for target, excluded in known.excluded.items():
        for api, why in excluded.items():
            cell = by_api[api].cells[target]
            assert (cell.status, cell.reason) == ("none", why), (target, api)
    others = [(t, r.api) for r in by_api.values() for t, c in r.cells.items()
              if c.status == "none" and r.api not in known.excluded[t]]
    assert others == []   # entry_check.py: every other entry has a passing numeric test


def test_known_failing_cases_and_refusals_make_a_cell_partial(by_api, known):
    case = "test_tensor.py::test_creation[torch.arange(5)]"
    arange = by_api["torch.arange"].cells
    assert arange["mxnet"].status == "partial" and known.xfail["mxnet"][case] in arange["mxnet"].failing
    assert arange["flax"].failing == []
    conv = by_api["torch.nn.Conv2d"].cells["keras"]
    assert conv.status == "partial" and "padding_mode=<padding_mode>" in conv.refuses
    assert by_api["torch.nn.Linear"].cells["keras"].status == "supported"
    assert any("out= is not supported" in r for r in by_api["torch.exp"].reader)   # the torch reader's


def test_written_as_names_the_target_api_for_the_rank(by_api):
    cells = by_api["torch.nn.Conv2d"].cells
    assert (cells["keras"].written, cells["mxnet"].written, cells["torch"].written) == \
        ("keras.layers.Conv2D", "gluon.nn.Conv2D", "nn.Conv2d")
    assert by_api["torch.nn.MaxPool1d"].cells["keras"].written == "keras.layers.MaxPooling1D"
    # the writer's two forms: nnx.BatchNorm for a biased-variance batch norm (read from the hub's
    # helper classes), the BatchNorm helper (PyTorch's statistics) otherwise
    assert by_api["torch.nn.BatchNorm2d"].cells["flax"].written == f"nnx.BatchNorm{matrix.OR}{matrix.HELPER}BatchNorm"
    assert by_api["torch.nn.functional.mse_loss"].cells["flax"].written == \
        f"{matrix.EXPRESSION}{matrix.OR}{matrix.HELPER}weighted_loss"
    assert by_api["torch.lt"].cells["flax"].written == "input < other"


def test_tables_only_cells_say_what_the_tables_write():
    rows = {r.api: r for r in matrix.torch_rows(None)}
    nonzero = rows["torch.nonzero"].cells["flax"]
    assert nonzero.status == "none" and "pivot op 'nonzero'" in nonzero.reason
    assert rows["torch.nn.Linear"].cells["mxnet"].written == "gluon.nn.Dense"


def test_summary_counts_every_cell(rows):
    summary = matrix.summary(rows)
    assert all(sum(s.values()) == len(rows) for s in summary.values())


def test_sources_are_their_reader_tables():
    for name in matrix.SOURCES:
        source = frameworks.source(name)   # its reader tables (SOURCE), else the tables it writes with
        rows = matrix.source_rows(name)
        # every entry once, layers first, each kind by API name (registration order depends on imports)
        assert [r.api for r in rows] == [*sorted(e.api for e in source.layers), *sorted(e.api for e in source.functions)]
        assert name not in {t for r in rows for t in r.writers}
    dense = next(r for r in matrix.source_rows("keras") if r.api == "keras.layers.Dense")
    assert dense.op == "linear" and "torch" in dense.writers


_MODULE = '''import torch
import torch.nn as nn
import torch.nn.functional as F


class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.m = {layer}

    def forward(self, x):
        return {forward}
'''
PROBES = [   # (torch API, layer constructed, forward)
    ("torch.nn.Linear", "nn.Linear(4, 8)", "self.m(x)"),
    ("torch.nn.Conv2d", "nn.Conv2d(3, 8, 3)", "self.m(x)"),
    ("torch.nn.MaxPool1d", "nn.MaxPool1d(2)", "self.m(x)"),
    ("torch.nn.AdaptiveAvgPool3d", "nn.AdaptiveAvgPool3d(1)", "self.m(x)"),
    ("torch.nn.LayerNorm", "nn.LayerNorm(4)", "self.m(x)"),
    ("torch.nn.LSTM", "nn.LSTM(4, 8)", "self.m(x)"),
    ("torch.nn.Embedding", "nn.Embedding(10, 4)", "self.m(x)"),
    ("torch.nn.ConvTranspose2d", "nn.ConvTranspose2d(3, 8, 3)", "self.m(x)"),
    ("torch.nn.BatchNorm2d", "nn.BatchNorm2d(3)", "self.m(x)"),
    ("torch.nn.Dropout", "nn.Dropout(0.1)", "self.m(x)"),
    ("torch.nn.GRU", "nn.GRU(4, 8)", "self.m(x)"),
    ("torch.nn.ReflectionPad2d", "nn.ReflectionPad2d(1)", "self.m(x)"),
    ("torch.nn.GELU", "nn.GELU()", "self.m(x)"),
    ("torch.nn.PReLU", "nn.PReLU()", "self.m(x)"),
    ("torch.nn.MultiheadAttention", "nn.MultiheadAttention(8, 2)", "self.m(x, x, x)[0]"),
    ("torch.exp", "nn.Identity()", "torch.exp(x)"),
    ("torch.cat", "nn.Identity()", "torch.cat([x, x], dim=1)"),
    ("Tensor.permute", "nn.Identity()", "x.permute(0, 2, 1)"),
    ("Tensor.sum", "nn.Identity()", "x.sum(dim=1)"),
    ("torch.nn.functional.mse_loss", "nn.Identity()", "F.mse_loss(x, x)"),
    ("torch.nn.functional.pad", "nn.Identity()", "F.pad(x, (1, 1))"),
    ("Tensor.view", "nn.Identity()", "x.view(2, -1)"),
    ("torch.nn.functional.softmax", "nn.Identity()", "F.softmax(x, dim=1)"),
]


@pytest.mark.parametrize("target", matrix.TARGETS)
@pytest.mark.parametrize("api, layer, forward", PROBES, ids=[p[0] for p in PROBES])
def test_written_as_is_what_the_translation_writes(by_api, target, api, layer, forward):
    """The cell's API (its last name: `Dense`, `Conv2D`, a helper's name) is in the translated code."""
    import nnport
    written = by_api[api].cells[target].written
    if matrix.EXPRESSION in written.split(matrix.OR):
        pytest.skip(f"{api} -> {target} is written as {written!r}: an expression has no name to look for")
    out = nnport.convert(_MODULE.format(layer=layer, forward=forward), to=target, source="torch",
                         via_pivot=True).code   # via_pivot: torch -> torch through the tables too
    names = [w.removeprefix(matrix.HELPER).rsplit(".", 1)[-1] for w in written.split(matrix.OR)]
    assert any(n in out for n in names), f"{api} -> {target}: the matrix says {written!r}; got:\n{out}"
