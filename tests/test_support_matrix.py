"""docs/support.md is generated from the tables (nnport.support) and must be current; the generator is
deterministic, fast, and imports no DL framework."""
from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nnport import cli, frameworks
from nnport.frameworks.spec import Unsupported, code
from nnport.support import generate, gaps, hooks, matrix
from nnport.translate.emit import call

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "support.md"
REGENERATE = "python -m nnport.support > docs/support.md"
DL = ("torch", "jax", "jaxlib", "flax", "keras", "tensorflow", "mxnet")


@pytest.fixture(scope="module")
def known():
    return gaps.load()


@pytest.fixture(scope="module")
def rows(known):
    return {r.api: r for r in matrix.torch_rows(known)}


def _stale(text: str) -> str:
    committed = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    if text == committed:
        return ""
    diff = list(difflib.unified_diff(committed.splitlines(), text.splitlines(), "docs/support.md",
                                     "generated", n=0, lineterm=""))
    return (f"docs/support.md is stale: regenerate it with `{REGENERATE}` (from the repository root) "
            f"and commit it. First differences:\n" + "\n".join(diff[:30]))


def test_docs_support_md_is_current():
    message = _stale(generate("md"))
    assert not message, message


def test_generator_is_deterministic_fast_and_imports_no_framework():
    """A fresh interpreter with another hash seed gives the committed file, in well under 10 s,
    with no DL framework imported (the mxnet tables, too, import without mxnet)."""
    script = ("import sys, time; t = time.time(); from nnport.support import generate; text = generate('md'); "
              "sys.stderr.write(repr((time.time() - t, sorted({m.split('.')[0] for m in sys.modules} & set(%r))))); "
              "sys.stdout.write(text)" % (DL,))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONHASHSEED": "12345"}
    start = time.time()
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT,
                         timeout=120, encoding="utf-8")
    assert out.returncode == 0, out.stderr[-2000:]
    seconds, imported = eval(out.stderr.strip().splitlines()[-1])
    assert imported == [], f"generating the matrix imported {imported}"
    assert seconds < 10, f"generation took {seconds:.1f} s (wall {time.time() - start:.1f} s)"
    message = _stale(out.stdout)
    assert not message, message


def test_stale_file_is_reported_with_the_command():
    assert REGENERATE in _stale(generate("md") + "extra line\n")


def test_every_torch_entry_is_a_row_with_every_target(rows, known):
    torch = frameworks.get("torch")
    assert len(matrix.torch_rows(known)) == len(torch.layers) + len(torch.functions)
    assert set(rows) == {e.api for e in (*torch.layers, *torch.functions)}
    assert all(set(r.cells) == set(matrix.TARGETS) for r in rows.values())
    assert {r.group for r in rows.values()} == set(matrix.GROUPS)
    assert rows["torch.nn.Conv2d"].family == "basic" and rows["Tensor.view"].group == "tensor methods"


def test_excluded_entries_are_not_supported_with_their_reason(rows, known):
    for target, excluded in known.excluded.items():
        for api, why in excluded.items():
            cell = rows[api].cells[target]
            assert (cell.status, cell.reason) == ("none", why), (target, api)
    not_excluded = [(t, a) for a, r in rows.items() for t, c in r.cells.items()
                    if c.status == "none" and a not in known.excluded[t]]
    assert not_excluded == []   # entry_check: anything else has a passing numeric test


def test_known_failing_cases_make_a_cell_partial(rows, known):
    case = "test_tensor.py::test_creation[torch.arange(5)]"
    assert case in known.xfail["mxnet"]
    cell = rows["torch.arange"].cells["mxnet"]
    assert cell.status == "partial" and known.xfail["mxnet"][case] in cell.failing
    assert rows["torch.arange"].cells["flax"].failing == []


def test_tables_only_cells_say_what_the_tables_write():
    rows = {r.api: r for r in matrix.torch_rows(None)}
    assert rows["torch.nn.Linear"].cells["keras"].written == "keras.layers.Dense"
    assert rows["torch.nn.Conv2d"].cells["mxnet"].written == "gluon.nn.Conv2D"
    nonzero = rows["torch.nonzero"].cells["flax"]
    assert nonzero.status == "none" and "pivot op 'nonzero'" in nonzero.reason


def _writer(c, ctx):
    if c.lit("mode") != "zeros":
        raise Unsupported(f"mode={code(c.get('mode'))}: only zeros")
    if c.given("out"):
        raise Unsupported(f"{c.extra['api']}: out= is not supported")
    return call("keras.layers.Thing", "{input}")(c, ctx)


def test_hook_facts_are_read_from_the_code():
    facts = hooks.of_writer(_writer)
    assert facts.refusals == ["mode=<mode>: only zeros", "<api>: out= is not supported"]
    assert facts.calls == ["keras.layers.Thing"]
    from nnport.frameworks.operator_functions import template
    assert hooks.of_writer(template("-{input}")).templates == ["-{input}"]   # through the closure
    assert hooks.of_writer(call("nnx.Linear", "{in_features}")).calls == ["nnx.Linear"]


@pytest.mark.parametrize("case, apis", [
    ("test_tensor.py::test_shape[x.squeeze(2)]", ["Tensor.squeeze"]),
    ("test_pool.py::test_functional[F.max_pool2d(x, 2)-shape15]", ["torch.nn.functional.max_pool2d"]),
    ("test_loss.py::test_module[nn.CrossEntropyLoss(reduction='none')-inputs2]", ["torch.nn.CrossEntropyLoss"]),
    ("test_tensor.py::test_creation[torch.arange(5, dtype=torch.float32)]", ["torch.arange"]),
    ("test_seq.py::test_embedding_weight_reads", []),
])
def test_failing_cases_are_tied_to_the_apis_they_call(case, apis):
    assert gaps.apis_of(case) == apis


def test_sources_have_reader_tables_and_their_section():
    text = generate("md", None)
    for name in matrix.SOURCES:
        source = frameworks.source(name)
        assert source is not frameworks.get(name), f"{name} has no reader tables of its own (SOURCE)"
        assert f"## {matrix.LABELS[name]} as the source" in text
        assert all(f"| `{e.api}` |" in text for e in (*source.layers, *source.functions))


def test_cli_support_json(capsys, rows):
    assert cli.main(["support", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"] == matrix.summary(list(rows.values()))
    assert [r["api"] for r in data["torch"]] == list(rows)
